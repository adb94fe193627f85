package dev.kvsedge.bench.ingest;

import java.util.Arrays;
import java.util.Locale;

/** Exact percentiles of a modest number of durations (one per fragment): kept, sorted, read off. */
final class Samples {
    private long[] values = new long[256];
    private int count;

    void add(long nanos) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = nanos;
    }

    long valueAt(int i) {
        return values[i];
    }

    int count() {
        return count;
    }

    /** Nearest-rank percentile in milliseconds (q in 0..1), NaN when empty. */
    double millis(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int rank = (int) Math.max(1, Math.ceil(q * count));
        return sorted[rank - 1] / 1e6;
    }

    double meanMillis() {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count / 1e6;
    }

    /** "p50=.. p90=.. p99=.. max=.. mean=.." in milliseconds, keys prefixed. */
    String keyValues(String prefix) {
        return String.format(Locale.ROOT, "%1$s_p50_ms=%2$.2f %1$s_p90_ms=%3$.2f %1$s_p99_ms=%4$.2f %1$s_max_ms=%5$.2f"
                + " %1$s_mean_ms=%6$.2f", prefix, millis(0.5), millis(0.9), millis(0.99), millis(1), meanMillis());
    }

    String summary() {
        return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  max %.2f  mean %.2f ms (n=%d)", millis(0.5),
                millis(0.9), millis(0.99), millis(1), meanMillis(), count);
    }
}
