package dev.kvsedge.server.images;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.util.List;

/**
 * When each video frame of a fragment is shown, in decode order (producer epoch nanoseconds), or why the fragment
 * can make no image (audio only, not H.264, no codec private data): what finding a sample's frame needs.
 *
 * @param unusable null when images can be made
 */
record FrameTimes(long[] ptsNanos, String unusable) {

    static FrameTimes of(Track video, List<Frame> frames) {
        long[] pts = new long[frames.size()];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = frames.get(i).ptsNanos();
        }
        return new FrameTimes(pts, null);
    }

    static FrameTimes unusable(String why) {
        return new FrameTimes(new long[0], why);
    }

    /** The frame shown at {@code nanos}: the latest one shown at or before it, else the first one shown; -1 when none. */
    int frameAt(long nanos) {
        int best = -1;
        int earliest = -1;
        for (int i = 0; i < ptsNanos.length; i++) {
            if (earliest < 0 || ptsNanos[i] < ptsNanos[earliest]) {
                earliest = i;
            }
            if (ptsNanos[i] <= nanos && (best < 0 || ptsNanos[i] > ptsNanos[best])) {
                best = i;
            }
        }
        return best >= 0 ? best : earliest;
    }
}
