package dev.kvsedge.agent.record;

/**
 * The media time line of a recording's frames, from the demuxer's timestamps: nanoseconds from the first frame,
 * continued across a looping file's restarts. Frames without timestamps are spaced by the stream's frame rate, or
 * by the spacing seen so far.
 */
final class MediaTimes {
    private static final long DEFAULT_FRAME_NANOS = 40_000_000L; // 25 fps, until the source shows its spacing

    /** Media time added to the current connection's timestamps: continues a looping file's time line. */
    private long base;
    /** End of the latest frame on the media time line. */
    private long end;
    private long frameNanos;
    private long spacing;
    private long first;
    private long lastDts;

    // The current frame.
    private long media;
    private long decode;
    private long duration;

    /** A new connection (or a file's new loop) whose stream says {@code frameNanos} per frame (0 if it does not). */
    void connected(long frameNanos) {
        this.frameNanos = frameNanos;
        this.spacing = frameNanos > 0 ? frameNanos : DEFAULT_FRAME_NANOS;
        this.first = Long.MIN_VALUE;
        this.lastDts = Long.MIN_VALUE;
    }

    /**
     * Takes the next frame's demuxer times (Long.MIN_VALUE when missing) and duration (0 when unknown).
     */
    void frame(long pts, long dts, long durationNanos) {
        if (pts == Long.MIN_VALUE) {
            pts = lastDts == Long.MIN_VALUE ? 0 : lastDts + spacing;
            dts = pts;
        }
        if (first == Long.MIN_VALUE) {
            first = Math.min(pts, dts);
        }
        if (lastDts != Long.MIN_VALUE && dts > lastDts && frameNanos == 0) {
            spacing = dts - lastDts;
        }
        lastDts = dts;
        duration = durationNanos > 0 ? durationNanos : spacing;
        media = base + pts - first;
        decode = base + dts - first;
        end = Math.max(end, media + duration);
    }

    /**
     * The media time of an audio frame with demuxer time {@code pts}, on the video's time line (the streams of a
     * source share their clock); Long.MIN_VALUE before the first video frame or without a time.
     */
    long audio(long pts) {
        return first == Long.MIN_VALUE || pts == Long.MIN_VALUE ? Long.MIN_VALUE : base + pts - first;
    }

    /** The frame's presentation time on the media time line. */
    long media() {
        return media;
    }

    /** The frame's decode time on the media time line: when a paced file delivers it. */
    long decode() {
        return decode;
    }

    long duration() {
        return duration;
    }

    /** A file starts over: its time line goes on where it ended. */
    void loop() {
        base = end;
    }

    /** A new source connection: its time line starts anew. */
    void reset() {
        base = 0;
        end = 0;
    }
}
