package dev.kvsedge.media.mkv;

import dev.kvsedge.media.Track;
import java.util.List;

/**
 * What {@link MkvStreamReader#next()} found. Within a cluster the events carry every child's bytes exactly as
 * received, so {@code ClusterStart.elements} followed by each {@code Block.element} and {@code ClusterOther.element}
 * is the cluster's payload, byte for byte.
 */
public sealed interface MkvEvent {

    /**
     * A Segment's Info and Tracks have been read (again for each concatenated document).
     *
     * @param tracksElement the Tracks element as received, ID and size included
     */
    record Header(long timecodeScaleNanos, List<Track> tracks, byte[] tracksElement) implements MkvEvent {}

    /**
     * A Cluster's Timecode has been read.
     *
     * @param timecode the cluster's time in TimecodeScale units
     * @param elements the cluster's children up to and including the Timecode element, as received (usually just
     *     the Timecode; a CRC-32, Void, Position or PrevSize written before it is included)
     */
    record ClusterStart(long timecode, byte[] elements) implements MkvEvent {}

    /**
     * A SimpleBlock or a BlockGroup.
     *
     * @param relativeTimecode signed 16-bit offset from the cluster's timecode
     * @param keyFrame SimpleBlock's key flag; for a BlockGroup, true when it has no ReferenceBlock
     * @param durationTicks the BlockGroup's BlockDuration, or -1 when absent
     * @param element the whole SimpleBlock or BlockGroup element as received
     */
    record Block(int track, int relativeTimecode, boolean keyFrame, long durationTicks, byte[] element)
            implements
                MkvEvent {}

    /** Another child of the cluster after its Timecode (Void, CRC-32, Position, PrevSize...), as received. */
    record ClusterOther(byte[] element) implements MkvEvent {}

    /** The cluster ended: its size was reached, a non-child element appeared, or the stream ended. */
    record ClusterEnd() implements MkvEvent {}
}
