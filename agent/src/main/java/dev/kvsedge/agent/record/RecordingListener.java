package dev.kvsedge.agent.record;

import dev.kvsedge.agent.segments.Segment;

/**
 * Told what a recording does, on the recording's own thread: keep the calls short (hand work to another thread).
 * Both methods do nothing by default.
 */
public interface RecordingListener {
    RecordingListener NONE = new RecordingListener() {};

    /** The status changed (not called when only lastCollectedTime moved: see {@link #segmentIndexed}). */
    default void statusChanged(RecorderStatus status) {}

    /** A segment was completed, fsynced, renamed and indexed: the uploader may take it. */
    default void segmentIndexed(Segment segment) {}
}
