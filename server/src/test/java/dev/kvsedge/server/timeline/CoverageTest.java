package dev.kvsedge.server.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.console.ConsoleShapes.CoverageRange;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CoverageTest {
    private static final long T0 = Instant.parse("2026-01-05T06:00:00Z").toEpochMilli();

    private static CoverageRange range(long startOffset, long endOffset, long count, long bytes) {
        return new CoverageRange(Instant.ofEpochMilli(T0 + startOffset), Instant.ofEpochMilli(T0 + endOffset), count,
                bytes);
    }

    @Test
    void fragmentsCloserThanTheGapAreOneSpanAndAGapSplitsThem() {
        Coverage coverage = new Coverage(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 60_000), 1000, 100);
        coverage.accept(T0, 2000, 10);
        coverage.accept(T0 + 2005, 2000, 10);
        coverage.accept(T0 + 4010, 2000, 10);
        coverage.accept(T0 + 30_000, 2000, 7);

        assertThat(coverage.ranges()).containsExactly(range(0, 6010, 3, 30), range(30_000, 32_000, 1, 7));
        assertThat(coverage.truncated()).isFalse();
    }

    @Test
    void spansAreClippedToTheRangeAndFragmentsBeforeItAreLeftOut() {
        Coverage coverage = new Coverage(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 10_000), 0, 100);
        coverage.accept(T0 - 5000, 2000, 1); // ended before the range
        coverage.accept(T0 - 1000, 2000, 2); // reaches into it
        coverage.accept(T0 + 9000, 2000, 3); // reaches past its end

        assertThat(coverage.ranges()).containsExactly(range(0, 1000, 1, 2), range(9000, 10_000, 1, 3));
    }

    @Test
    void pastTheLargestNumberOfSpansTheCoverageIsTruncated() {
        Coverage coverage = new Coverage(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 600_000), 0, 2);
        assertThat(coverage.accept(T0, 1000, 1)).isTrue();
        assertThat(coverage.accept(T0 + 10_000, 1000, 1)).isTrue();
        assertThat(coverage.accept(T0 + 20_000, 1000, 1)).isFalse();

        assertThat(coverage.ranges()).containsExactly(range(0, 1000, 1, 1), range(10_000, 11_000, 1, 1));
        assertThat(coverage.truncated()).isTrue();
    }
}
