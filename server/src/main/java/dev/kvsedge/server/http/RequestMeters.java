package dev.kvsedge.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Per operation: how many requests, how long until their response was ready (for a streamed response, until it
 * starts), and the errors answered, by code. Meters are made on an operation's first request and then found by
 * two map reads, so the hot path never goes through the registry.
 */
final class RequestMeters {
    /** A service or operation no route matched. */
    static final String UNKNOWN = "unknown";
    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final MeterRegistry registry;
    private final ConcurrentMap<String, ConcurrentMap<String, Timer>> timers = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, Counter> errors = new ConcurrentHashMap<>();

    RequestMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String service, String operation, long nanos) {
        ConcurrentMap<String, Timer> byOperation = timers.get(service);
        if (byOperation == null) {
            byOperation = timers.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
        }
        Timer timer = byOperation.get(operation);
        if (timer == null) {
            timer = byOperation.computeIfAbsent(operation, o -> Timer.builder("kvs.edge.requests")
                    .description("Requests by operation, and how long until their response was ready (a streamed"
                            + " response: until it started).")
                    .tags("service", service, "operation", o).serviceLevelObjectives(BUCKETS).register(registry));
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void error(String service, String operation, String code) {
        errors.computeIfAbsent(List.of(service, operation, code), k -> Counter.builder("kvs.edge.request.errors")
                .description("Requests answered with an error, by operation and error code (x-amzn-ErrorType).")
                .tags("service", service, "operation", operation, "code", code).register(registry)).increment();
    }
}
