package dev.kvsedge.media.h264;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DecodeTimesTest {
    @Test
    void withoutReorderingDtsIsPts() {
        long[] pts = {1000, 1040, 1080, 1120};
        assertThat(DecodeTimes.derive(pts)).containsExactly(1000, 1040, 1080, 1120);
    }

    @Test
    void oneBFrameBetweenReferencesMovesDecodingOneFrameEarlier() {
        // I0 P2 B1 P4 B3 in decode order
        long[] pts = {0, 80, 40, 160, 120};
        long[] dts = DecodeTimes.derive(pts);
        assertThat(dts).containsExactly(-40, 0, 40, 80, 120);
        assertDtsNotAfterPts(pts, dts);
    }

    @Test
    void twoBFramesBetweenReferences() {
        // I0 P3 B1 B2 P6 B4 B5
        long[] pts = {0, 120, 40, 80, 240, 160, 200};
        long[] dts = DecodeTimes.derive(pts);
        assertThat(dts).containsExactly(-40, 0, 40, 80, 120, 160, 200);
        assertDtsNotAfterPts(pts, dts);
    }

    @Test
    void hierarchicalBFramesNeedTwoFramesOfDelay() {
        // I0 P4 B2 b1 b3: the reference B2 is decoded before the b-frames around it
        long[] pts = {0, 160, 80, 40, 120};
        long[] dts = DecodeTimes.derive(pts);
        assertThat(dts).containsExactly(-80, -40, 0, 40, 80);
        assertDtsNotAfterPts(pts, dts);
    }

    @Test
    void millisecondRoundingDoesNotBreakTheOrder() {
        // 30 fps in Matroska milliseconds: 33 and 34 ms steps, with B-frames
        long[] pts = {0, 100, 33, 67, 200, 133, 167};
        long[] dts = DecodeTimes.derive(pts);
        assertDtsNotAfterPts(pts, dts);
        for (int i = 1; i < dts.length; i++) {
            assertThat(dts[i]).isGreaterThan(dts[i - 1]);
        }
    }

    @Test
    void convertsEpochNanosecondsWithoutOverflow() {
        assertThat(DecodeTimes.toTicks(1_700_000_000_123_456_789L, 90_000)).isEqualTo(153_000_000_011_111L);
        assertThat(DecodeTimes.toTicks(40_000_000L, 90_000)).isEqualTo(3600);
        assertThat(DecodeTimes.toTicks(1_000_000L, 48_000)).isEqualTo(48);
        assertThat(DecodeTimes.toTicks(-1, 90_000)).as("rounds down").isEqualTo(-1);
        assertThat(DecodeTimes.toTicks(-40_000_000L, 90_000)).isEqualTo(-3600);
    }

    private static void assertDtsNotAfterPts(long[] pts, long[] dts) {
        for (int i = 0; i < pts.length; i++) {
            assertThat(dts[i]).as("DTS of frame %d", i).isLessThanOrEqualTo(pts[i]);
        }
    }
}
