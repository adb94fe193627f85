package dev.kvsedge.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What PutMedia does, for the metrics and the activity log: uploads started and running, bytes received, fragments
 * persisted, the time from a fragment's last byte to its PERSISTED acknowledgement, ERROR acknowledgements by code;
 * and one line when an upload starts and one when it ends. Meters are made once, here.
 */
public final class IngestEvents {
    private static final Logger LOG = LoggerFactory.getLogger(IngestEvents.class);

    final Counter bytes;
    final Counter fragments;
    final Timer persistLatency;
    private final Counter uploads;
    private final AtomicInteger active = new AtomicInteger();
    private final Map<IngestError, Counter> errors = new EnumMap<>(IngestError.class);

    public IngestEvents(MeterRegistry registry) {
        uploads = Counter.builder("kvs.edge.ingest.uploads").description("PutMedia uploads started.")
                .register(registry);
        Gauge.builder("kvs.edge.ingest.uploads.active", active, AtomicInteger::get)
                .description("PutMedia uploads in progress.").register(registry);
        bytes = Counter.builder("kvs.edge.ingest.bytes").description("Bytes received in PutMedia uploads.")
                .register(registry);
        fragments = Counter.builder("kvs.edge.ingest.fragments").description("Fragments persisted (PERSISTED sent).")
                .register(registry);
        persistLatency = Timer.builder("kvs.edge.ingest.persist.latency")
                .description("From a fragment's last byte received (RECEIVED) to its PERSISTED acknowledgement.")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10))
                .register(registry);
        for (IngestError error : IngestError.values()) {
            errors.put(error, Counter.builder("kvs.edge.ingest.errors").tag("error", error.name())
                    .description("PutMedia ERROR acknowledgements, by error code.").register(registry));
        }
    }

    /** An upload begins: counted, logged, and tallied from here on. */
    Upload started(String stream, String streamArn, String accessKeyId) {
        uploads.increment();
        active.incrementAndGet();
        LOG.atInfo().setMessage("upload started").addKeyValue("stream", stream).addKeyValue("arn", streamArn)
                .addKeyValue("accessKeyId", accessKeyId).log();
        return new Upload(this, stream, streamArn);
    }

    void error(IngestError error) {
        errors.get(error).increment();
    }

    void ended(Upload upload, Duration duration) {
        active.decrementAndGet();
        LoggingEventBuilder line = LOG.atLevel(upload.errors() == 0 ? Level.INFO : Level.WARN)
                .setMessage("upload ended").addKeyValue("stream", upload.stream())
                .addKeyValue("arn", upload.streamArn())
                .addKeyValue("fragments", upload.persisted()).addKeyValue("bytes", upload.bytes())
                .addKeyValue("durationMs", duration.toMillis()).addKeyValue("errors", upload.errors());
        if (upload.errors() > 0) {
            line = line.addKeyValue("errorCodes", upload.errorCodes());
        }
        line.log();
    }
}
