package dev.kvsedge.server.fragments;

import dev.kvsedge.server.blob.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces each stream's DataRetentionInHours: deletes fragments older than it, and those of deleted streams.
 * The blob goes first, then the index row: a crash in between leaves a row whose blob is gone, which the next
 * sweep removes (deleting a missing blob is no error); the other order could leak blobs forever.
 */
public final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final int BATCH = 500;

    private final FragmentStore fragments;
    private final BlobStore blobs;
    private final Clock clock;

    public RetentionSweeper(FragmentStore fragments, BlobStore blobs, Clock clock) {
        this.fragments = fragments;
        this.blobs = blobs;
        this.clock = clock;
    }

    /** Deletes everything expired now; returns how many fragments went. */
    public int sweep() throws IOException {
        int deleted = 0;
        while (true) {
            List<Fragment> expired = fragments.expired(clock.instant(), BATCH);
            for (Fragment fragment : expired) {
                blobs.delete(fragment.blobKey());
            }
            fragments.delete(expired);
            deleted += expired.size();
            if (expired.size() < BATCH) {
                if (deleted > 0) {
                    LOG.info("retention: deleted {} fragments", deleted);
                }
                return deleted;
            }
        }
    }
}
