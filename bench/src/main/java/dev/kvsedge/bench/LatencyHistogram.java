package dev.kvsedge.bench;

/**
 * A log-linear histogram of latencies in nanoseconds: exact below 256 ns, then 128 buckets per power of
 * two, so any reported percentile is within 0.8% of the true value. Not thread-safe: one per thread,
 * merged at the end.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 7;
    private static final int SUB_COUNT = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUB_COUNT + 2 * SUB_COUNT;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;
    private double sum;

    void record(long nanos) {
        long v = Math.max(0, nanos);
        counts[index(v)]++;
        total++;
        sum += v;
        if (v > max) {
            max = v;
        }
    }

    void merge(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        sum += other.sum;
        max = Math.max(max, other.max);
    }

    long count() {
        return total;
    }

    long maxNanos() {
        return max;
    }

    double meanNanos() {
        return total == 0 ? 0 : sum / total;
    }

    /** The latency that {@code quantile} (0..1) of the recorded values do not exceed (bucket's upper edge). */
    long valueAt(double quantile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperEdge(i), max);
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < 2 * SUB_COUNT) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS;
        return (shift << SUB_BITS) + (int) (v >>> shift);
    }

    static long upperEdge(int index) {
        if (index < 2 * SUB_COUNT) {
            return index;
        }
        int shift = (index >>> SUB_BITS) - 1;
        long mantissa = (index & (SUB_COUNT - 1)) + (long) SUB_COUNT;
        return ((mantissa + 1) << shift) - 1;
    }
}
