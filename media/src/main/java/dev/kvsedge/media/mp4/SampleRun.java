package dev.kvsedge.media.mp4;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.DecodeTimes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One track's samples in one media segment, with the timing a trun needs, in the track's timescale.
 *
 * @param trackId the MP4 track_ID (the Matroska track number)
 * @param baseDecodeTime the tfdt: the first sample's decode time
 * @param durations per sample, ticks to the next sample's decode time
 * @param sizes per sample, bytes
 * @param flags per sample trun sample_flags, or null to use the trex default (all sync samples)
 * @param compositionOffsets per sample PTS minus DTS in ticks, or null when always zero
 * @param samples the sample data, written to mdat unchanged
 */
record SampleRun(int trackId, long baseDecodeTime, long[] durations, int[] sizes, int @Nullable [] flags,
        int @Nullable [] compositionOffsets, List<byte[]> samples) {

    /** sample_depends_on = 2: an IDR frame depends on no other. */
    static final int SYNC_SAMPLE = 0x02000000;
    /** sample_depends_on = 1 and sample_is_non_sync_sample. */
    static final int NON_SYNC_SAMPLE = 0x01010000;

    /** The fallback frame duration when nothing says how long a fragment's only frame lasts. */
    private static final long GUESSED_FRAME_NANOS = 1_000_000_000L / 30;

    int sampleCount() {
        return samples.size();
    }

    long dataSize() {
        long total = 0;
        for (int size : sizes) {
            total += size;
        }
        return total;
    }

    /**
     * H.264 samples. Decode times come from {@link DecodeTimes#derive}; each duration is the distance to the next
     * decode time, and the last frame's is its own block duration, else the track's default duration, else the
     * one before it, converted as the difference of two converted times so that the next fragment's tfdt continues
     * exactly where this one ends.
     */
    static SampleRun video(Track track, List<Frame> frames, long originNanos) {
        int n = frames.size();
        long[] ptsNanos = new long[n];
        for (int i = 0; i < n; i++) {
            ptsNanos[i] = frames.get(i).ptsNanos() - originNanos;
        }
        long[] dtsNanos = DecodeTimes.derive(ptsNanos);
        long[] dts = new long[n];
        long[] pts = new long[n];
        for (int i = 0; i < n; i++) {
            dts[i] = DecodeTimes.toTicks(dtsNanos[i], Fmp4Writer.VIDEO_TIMESCALE);
            pts[i] = DecodeTimes.toTicks(ptsNanos[i], Fmp4Writer.VIDEO_TIMESCALE);
        }
        long[] durations = new long[n];
        for (int i = 0; i < n - 1; i++) {
            durations[i] = dts[i + 1] - dts[i];
        }
        Frame last = frames.get(n - 1);
        long lastNanos = last.durationNanos() > 0
                ? last.durationNanos()
                : track.defaultDurationNanos() > 0
                        ? track.defaultDurationNanos()
                        : n > 1
                                ? dtsNanos[n - 1] - dtsNanos[n - 2]
                                : GUESSED_FRAME_NANOS;
        durations[n - 1] = DecodeTimes.toTicks(dtsNanos[n - 1] + lastNanos, Fmp4Writer.VIDEO_TIMESCALE) - dts[n - 1];
        if (durations[n - 1] <= 0) {
            durations[n - 1] = n > 1 ? Math.max(1, durations[n - 2]) : 1;
        }
        // The segment's decode time line is moved so that tfdt is its earliest presentation time, as CMAF has it;
        // the composition offsets, signed in trun version 1, absorb the move. Players that lay segments end to end
        // by tfdt (hls.js at a discontinuity) then leave no gap of the B-frame delay between segments, and tfdt,
        // which is unsigned, never goes below 0 for a stream that starts at 0.
        long earliest = pts[0];
        for (long p : pts) {
            earliest = Math.min(earliest, p);
        }
        long lift = earliest - dts[0];
        int[] flags = new int[n];
        int[] offsets = new int[n];
        List<byte[]> samples = new ArrayList<>(n);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            Frame frame = frames.get(i);
            flags[i] = frame.keyFrame() ? SYNC_SAMPLE : NON_SYNC_SAMPLE;
            long offset = pts[i] - (dts[i] + lift);
            if (offset != (int) offset) {
                throw new IllegalArgumentException(
                        "frames of track " + track.number() + " are too far out of order for one segment");
            }
            offsets[i] = (int) offset;
            samples.add(frame.data());
            sizes[i] = frame.data().length;
            checkDuration(track, durations[i]);
        }
        return new SampleRun(track.number(), dts[0] + lift, durations, sizes, flags, offsets, samples);
    }

    /**
     * AAC samples, at the coded sampling rate as timescale. Every AAC frame decodes to the same number of samples
     * (1024), but Matroska timestamps are rounded to milliseconds, so differences of PTS would jitter (1008, 1056,
     * ...) and make players insert or drop audio. Each frame therefore lasts one frame length, unless its successor's
     * PTS is more than half a frame away from where that puts it (a real gap or drift), where the time line jumps
     * to the PTS.
     */
    static SampleRun audio(Track track, AudioSpecificConfig aac, List<Frame> frames, long originNanos) {
        int n = frames.size();
        long rate = aac.sampleRate();
        int frameLength = aac.frameLength();
        long[] pts = new long[n];
        for (int i = 0; i < n; i++) {
            pts[i] = DecodeTimes.toTicks(frames.get(i).ptsNanos() - originNanos, rate);
        }
        long[] durations = new long[n];
        long time = Math.max(0, pts[0]);
        long base = time;
        for (int i = 0; i < n - 1; i++) {
            long next = time + frameLength;
            if (Math.abs(pts[i + 1] - next) > frameLength / 2 && pts[i + 1] > time) {
                next = pts[i + 1];
            }
            durations[i] = next - time;
            checkDuration(track, durations[i]);
            time = next;
        }
        durations[n - 1] = frameLength;
        List<byte[]> samples = new ArrayList<>(n);
        int[] sizes = new int[n];
        for (int i = 0; i < n; i++) {
            samples.add(frames.get(i).data());
            sizes[i] = frames.get(i).data().length;
        }
        return new SampleRun(track.number(), base, durations, sizes, null, null, samples);
    }

    private static void checkDuration(Track track, long duration) {
        if (duration > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(
                    "frames of track " + track.number() + " are too far apart for one segment");
        }
    }
}
