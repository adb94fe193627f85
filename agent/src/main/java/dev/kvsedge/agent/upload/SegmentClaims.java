package dev.kvsedge.agent.upload;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Segments someone is working on: the uploader claims a segment while it sends it, the janitor while it deletes
 * it, and neither touches a segment the other holds. So the janitor never deletes a segment being uploaded, and
 * the uploader never opens one being deleted.
 */
public final class SegmentClaims {
    private final Set<Long> claimed = ConcurrentHashMap.newKeySet();

    /** Claims the segment; false if someone else holds it. */
    public boolean tryClaim(long segmentId) {
        return claimed.add(segmentId);
    }

    public void release(long segmentId) {
        claimed.remove(segmentId);
    }

    public boolean claimed(long segmentId) {
        return claimed.contains(segmentId);
    }
}
