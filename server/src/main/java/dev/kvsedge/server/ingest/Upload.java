package dev.kvsedge.server.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The tally of one PutMedia upload, kept from what it reads and the acknowledgements it sends (it listens to the
 * {@link AckWriter}, whose sends are serialized): bytes, fragments persisted, errors, and each fragment's time from
 * RECEIVED to PERSISTED. It records into the shared meters as it goes, so a long upload shows in the metrics
 * while it runs.
 */
final class Upload implements Consumer<Ack> {
    /** Fragments between RECEIVED and PERSISTED: a few commits in flight, more only when commits failed. */
    private static final int MAX_WAITING = 64;

    private final IngestEvents events;
    private final String stream;
    private final String streamArn;
    private final long started = System.nanoTime();
    /** When each fragment was RECEIVED, by its timecode: a fragment's number is only given when it is PERSISTED. */
    private final Map<Long, Long> receivedAt = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > MAX_WAITING;
        }
    };
    private final Map<IngestError, Integer> errorCodes = new EnumMap<>(IngestError.class);
    private long persisted;
    private int errors;
    private volatile long bytes;

    Upload(IngestEvents events, String stream, String streamArn) {
        this.events = events;
        this.stream = stream;
        this.streamArn = streamArn;
    }

    /** The upload's body, counted as it is read. */
    InputStream counting(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    received(1);
                }
                return b;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                int n = super.read(into, offset, length);
                if (n > 0) {
                    received(n);
                }
                return n;
            }
        };
    }

    private void received(int n) {
        bytes += n; // one reading thread
        events.bytes.increment(n);
    }

    @Override
    public synchronized void accept(Ack ack) {
        switch (ack.eventType()) {
            case "RECEIVED" -> receivedAt.put(ack.fragmentTimecode(), System.nanoTime());
            case "PERSISTED" -> {
                persisted++;
                events.fragments.increment();
                Long received = receivedAt.remove(ack.fragmentTimecode());
                if (received != null) {
                    events.persistLatency.record(Duration.ofNanos(System.nanoTime() - received));
                }
            }
            case "ERROR" -> {
                errors++;
                errorCodes.merge(ack.error(), 1, Integer::sum);
                events.error(ack.error());
            }
            default -> {
                // BUFFERING and IDLE change no tally
            }
        }
    }

    /** The upload is over, whatever ended it. */
    void end() {
        events.ended(this, Duration.ofNanos(System.nanoTime() - started));
    }

    String stream() {
        return stream;
    }

    String streamArn() {
        return streamArn;
    }

    long bytes() {
        return bytes;
    }

    synchronized long persisted() {
        return persisted;
    }

    synchronized int errors() {
        return errors;
    }

    /** For example {@code INVALID_MKV_DATA:1,ARCHIVAL_ERROR:2}; empty without errors. */
    synchronized String errorCodes() {
        return errorCodes.entrySet().stream().map(e -> e.getKey().name() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
