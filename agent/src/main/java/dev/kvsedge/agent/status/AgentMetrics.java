package dev.kvsedge.agent.status;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The agent's counters (things that happened), by name and stream. Gauges (things that are) are read from the
 * jobs when /metrics is scraped instead, so they can never drift from the truth.
 */
public final class AgentMetrics {
    public static final String RECORDER_STARTS = "recorder_starts_total";
    public static final String FRAGMENTS_PERSISTED = "fragments_persisted_total";
    public static final String SEGMENTS_UPLOADED = "segments_uploaded_total";
    public static final String SEGMENTS_GIVEN_UP = "segments_given_up_total";
    public static final String UPLOAD_FAILURES = "upload_failures_total";
    public static final String SEGMENTS_DELETED = "segments_deleted_total";
    public static final String DELETE_FAILURES = "delete_failures_total";
    public static final String SYNC_FAILURES = "sync_failures_total";

    /** One counter: a name and its labels (stream, reason), in Prometheus's label syntax. */
    public record Series(String name, Map<String, String> labels) {
        public Series {
            labels = Map.copyOf(new TreeMap<>(labels));
        }
    }

    private final Map<Series, LongAdder> counters = new ConcurrentHashMap<>();

    public void add(String name, Map<String, String> labels, long delta) {
        counters.computeIfAbsent(new Series(name, labels), k -> new LongAdder()).add(delta);
    }

    public void increment(String name, String stream) {
        add(name, stream == null ? Map.of() : Map.of("stream", stream), 1);
    }

    public void increment(String name, String stream, String reason) {
        add(name, Map.of("stream", stream, "reason", reason), 1);
    }

    public long get(String name, Map<String, String> labels) {
        LongAdder adder = counters.get(new Series(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** Sums a counter over all its label values. */
    public long total(String name) {
        return counters.entrySet().stream().filter(e -> e.getKey().name().equals(name))
                .mapToLong(e -> e.getValue().sum()).sum();
    }

    public Map<Series, Long> snapshot() {
        Map<Series, Long> copy = new TreeMap<>((a, b) -> {
            int byName = a.name().compareTo(b.name());
            return byName != 0
                    ? byName
                    : new TreeMap<>(a.labels()).toString().compareTo(new TreeMap<>(b.labels()).toString());
        });
        counters.forEach((series, adder) -> copy.put(series, adder.sum()));
        return copy;
    }
}
