package dev.kvsedge.media.h264;

import java.util.Arrays;

/**
 * Decode times for frames that carry only presentation times, and conversion from nanoseconds to a track's
 * timescale.
 *
 * <p>Matroska stores one timestamp per block, the PTS, with blocks in decode order. MP4 and MPEG-TS need a DTS
 * for each frame as well. With B-frames the PTS sequence in decode order is not increasing (I0 P3 B1 B2). The
 * decoder outputs frames in PTS order and, at a constant frame rate, decodes one frame per frame interval, so the
 * n-th decode time is the n-th smallest presentation time: sorting the PTS values and handing them out in decode
 * order gives the decode times. That can put a DTS after its own PTS (P3 would get DTS 1 but B2 gets DTS 3 with
 * PTS 2), which no container allows, so all decode times are moved earlier by the largest such excess. Without
 * reordering the sorted sequence is the PTS sequence itself and the shift is zero: DTS = PTS exactly.
 *
 * <p>This is done per fragment, which starts on a key frame and so holds whole groups of pictures; each
 * fragment gets the same shift when its GOP structure is the same, so fragments line up on one time line.
 */
public final class DecodeTimes {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private DecodeTimes() {}

    /**
     * Decode times for presentation times given in decode order, in the same unit; each result is at most its
     * PTS and the results never decrease.
     */
    public static long[] derive(long[] ptsInDecodeOrder) {
        long[] sorted = ptsInDecodeOrder.clone();
        Arrays.sort(sorted);
        long shift = 0;
        for (int i = 0; i < sorted.length; i++) {
            shift = Math.max(shift, sorted[i] - ptsInDecodeOrder[i]);
        }
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] -= shift;
        }
        return sorted;
    }

    /**
     * Nanoseconds in ticks of {@code timescale} per second, rounded down. Split into whole seconds first so that
     * epoch-based times (about 1.7e18 ns) do not overflow the multiplication; rounding down keeps the order of
     * times, so DTS &lt;= PTS still holds after conversion.
     */
    public static long toTicks(long nanos, long timescale) {
        long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
        long rest = Math.floorMod(nanos, NANOS_PER_SECOND);
        return seconds * timescale + rest * timescale / NANOS_PER_SECOND;
    }
}
