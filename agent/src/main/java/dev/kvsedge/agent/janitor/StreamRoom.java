package dev.kvsedge.agent.janitor;

import dev.kvsedge.agent.record.MediaRoom;
import dev.kvsedge.agent.segments.SegmentIndex;

/**
 * A stream's room on the device, from its LocalSizeConfig, as its recording asks for it frame by frame: the local
 * media may take MaxLocalMediaSizeInMB plus at most the segment being written. DENY_NEW_MEDIA ends a segment before a
 * frame that would pass the cap and starts none until retention or uploads free room; DELETE_OLDEST_MEDIA deletes the
 * stream's oldest segments to make room, at the cap and also when the disk is full (its strategy, and AWS's default,
 * when the stream has no cap).
 */
public final class StreamRoom implements MediaRoom {
    private final String streamArn;
    private final DeletionRules rules;
    private final SegmentIndex index;
    private final Janitor janitor;

    public StreamRoom(String streamArn, DeletionRules rules, SegmentIndex index, Janitor janitor) {
        this.streamArn = streamArn;
        this.rules = rules;
        this.index = index;
        this.janitor = janitor;
    }

    @Override
    public long forNewSegment() {
        return grow(1);
    }

    @Override
    public long grow(long bytes) {
        if (!rules.capped()) {
            return Long.MAX_VALUE;
        }
        long room = rules.capBytes() - index.bytes(streamArn);
        if (bytes <= room || !deletesOldest()) {
            return room;
        }
        room += janitor.freeOldest(streamArn, bytes - room, "size");
        // Nothing older left to delete (or all of it being uploaded): the segment being written may pass the cap.
        return bytes <= room ? room : Long.MAX_VALUE;
    }

    @Override
    public long freeDisk(long bytes) {
        return deletesOldest() ? janitor.freeOldest(streamArn, bytes, "disk full") : 0;
    }

    @Override
    public String limit() {
        return (rules.capped()
                ? "MaxLocalMediaSizeInMB " + rules.capBytes() / DeletionRules.MB
                : "no MaxLocalMediaSizeInMB")
                + ", StrategyOnFullSize " + rules.strategy();
    }

    private boolean deletesOldest() {
        return rules.strategy() == DeletionRules.Strategy.DELETE_OLDEST_MEDIA;
    }
}
