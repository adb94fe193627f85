package dev.kvsedge.agent.record;

/**
 * How much room a stream's segments may take on the device, and who makes more: the stream's
 * MaxLocalMediaSizeInMB and StrategyOnFullSize, and what to do when the disk itself is full. A recording asks as
 * its segment grows, frame by frame, so the local media never passes the cap by more than the segment being
 * written. Called on the recording's thread.
 */
public interface MediaRoom {
    /** No limit: segments grow as they like, and a full disk pauses recording (nothing is deleted to make room). */
    MediaRoom UNLIMITED = new MediaRoom() {
        @Override
        public long forNewSegment() {
            return Long.MAX_VALUE;
        }

        @Override
        public long grow(long bytes) {
            return Long.MAX_VALUE;
        }

        @Override
        public long freeDisk(long bytes) {
            return 0;
        }

        @Override
        public String limit() {
            return "no limit";
        }
    };

    /** Bytes a segment starting now may take in all; it starts only if its first frame fits. */
    long forNewSegment();

    /**
     * The segment being written needs {@code bytes} in all, more than it was given: makes room if the strategy
     * allows (DELETE_OLDEST_MEDIA deletes the stream's oldest segments) and returns what the segment may take now.
     * Less than {@code bytes} ends the segment before the frame that does not fit (DENY_NEW_MEDIA).
     */
    long grow(long bytes);

    /**
     * A write failed because the disk is full: frees at least {@code bytes} of the stream's oldest media if the
     * strategy allows. Returns the bytes freed; 0 when nothing was (the recording then pauses).
     */
    long freeDisk(long bytes);

    /** The limit in words, for statuses: "MaxLocalMediaSizeInMB 2 with DENY_NEW_MEDIA". */
    String limit();
}
