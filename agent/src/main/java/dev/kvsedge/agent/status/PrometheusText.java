package dev.kvsedge.agent.status;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes metrics in Prometheus's text exposition format (version 0.0.4), by hand: the agent has no metrics library. */
final class PrometheusText {
    static final String PREFIX = "kvs_edge_agent_";
    private final StringBuilder out = new StringBuilder();
    private String family;

    /** Starts a metric family; its samples follow. */
    PrometheusText family(String name, String type, String help) {
        family = PREFIX + name;
        out.append("# HELP ").append(family).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
        return this;
    }

    PrometheusText sample(Map<String, String> labels, double value) {
        out.append(family);
        if (!labels.isEmpty()) {
            out.append('{').append(labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=\"" + escape(e.getValue()) + '"').collect(Collectors.joining(",")))
                    .append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    PrometheusText sample(double value) {
        return sample(Map.of(), value);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
