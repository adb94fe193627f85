package dev.kvsedge.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.agent.segments.Segment;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How a segment's timecodes become producer times: ABSOLUTE when they are epoch times, else RELATIVE to its start. */
class TimecodeModeTest {
    private static final Instant START = Instant.parse("2026-11-26T10:00:00.250Z");

    private static Segment segment() {
        return new Segment(1, "arn", Path.of("x.mkv"), START, START.plusSeconds(10), 100, false);
    }

    @Test
    void epochMillisecondTimecodesGoAbsolute() {
        assertThat(SegmentUpload.producerStart(segment(), START.toEpochMilli(), 1_000_000)).isNull();
        assertThat(SegmentUpload.producerStart(segment(), START.toEpochMilli() - 86_400_000, 1_000_000)).isNull();
    }

    @Test
    void timecodesFromZeroGoRelativeToTheSegmentStart() {
        assertThat(SegmentUpload.producerStart(segment(), 0, 1_000_000)).isEqualTo(START);
        assertThat(SegmentUpload.producerStart(segment(), 40, 1_000_000)).isEqualTo(START.minusMillis(40));
    }

    @Test
    void theProducerStartHeaderHasExactlyThreeFractionDigits() {
        // Read alike as a decimal fraction and as the C producers' millisecond count.
        assertThat(PutMediaConnection.epochSeconds(Instant.parse("2026-11-26T10:00:00.005Z")))
                .isEqualTo("1795687200.005");
        assertThat(PutMediaConnection.epochSeconds(Instant.parse("2026-11-26T10:00:00Z"))).isEqualTo("1795687200.000");
    }
}
