package dev.kvsedge.server.timeline;

import dev.kvsedge.model.console.ConsoleShapes.CoverageRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges fragments, in recording order, into the spans a timeline draws: fragments less than {@code minGapMillis}
 * apart are one span, clipped to [{@code from}, {@code to}). At most {@code maxRanges} spans; past them the
 * coverage is truncated (the client asks again from where it stopped, or with a larger gap).
 */
final class Coverage implements CoverageStore.FragmentSink {
    private final long from;
    private final long to;
    private final long minGap;
    private final int maxRanges;
    private final List<CoverageRange> closed = new ArrayList<>();
    private long start = -1;
    private long end;
    private long count;
    private long bytes;
    private boolean truncated;

    Coverage(Instant from, Instant to, long minGapMillis, int maxRanges) {
        this.from = from.toEpochMilli();
        this.to = to.toEpochMilli();
        this.minGap = minGapMillis;
        this.maxRanges = maxRanges;
    }

    @Override
    public boolean accept(long producerMillis, long durationMillis, long mediaBytes) {
        long fragmentEnd = Math.min(to, producerMillis + Math.max(0, durationMillis));
        long fragmentStart = Math.max(from, producerMillis);
        if (fragmentEnd < fragmentStart || fragmentEnd <= from && durationMillis > 0) {
            return true; // began before the range and ended before it too
        }
        if (start >= 0 && fragmentStart <= end + minGap) {
            end = Math.max(end, fragmentEnd);
        } else {
            if (start >= 0) {
                if (closed.size() + 1 >= maxRanges) {
                    truncated = true;
                    return false;
                }
                close();
            }
            start = fragmentStart;
            end = fragmentEnd;
        }
        count++;
        bytes += mediaBytes;
        return true;
    }

    private void close() {
        closed.add(new CoverageRange(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), count, bytes));
        count = 0;
        bytes = 0;
    }

    List<CoverageRange> ranges() {
        List<CoverageRange> all = new ArrayList<>(closed);
        if (start >= 0) {
            all.add(new CoverageRange(Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), count, bytes));
        }
        return all;
    }

    boolean truncated() {
        return truncated;
    }
}
