package dev.kvsedge.server.fragments;

import dev.kvsedge.server.blob.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes blobs that no index row names: a fragment's blob is committed before its row, so a crash in between (or a
 * failed delete after a failed index commit) leaves a whole blob nobody can read, also once its stream is deleted.
 * The sweep lists the whole store and spares blobs younger than the grace period: theirs may be rows about to commit.
 */
public final class OrphanSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(OrphanSweeper.class);
    private static final int BATCH = 500;

    private final FragmentStore fragments;
    private final BlobStore blobs;
    private final Clock clock;
    private final Duration grace;

    public OrphanSweeper(FragmentStore fragments, BlobStore blobs, Clock clock, Duration grace) {
        this.fragments = fragments;
        this.blobs = blobs;
        this.clock = clock;
        this.grace = grace;
    }

    /** Deletes every orphan older than the grace period now; returns how many went. */
    public int sweep() throws IOException {
        Instant cutoff = clock.instant().minus(grace);
        List<String> candidates = new ArrayList<>(BATCH);
        int[] deleted = {0};
        blobs.forEach(blob -> {
            if (blob.lastModified().isBefore(cutoff)) {
                candidates.add(blob.key());
                if (candidates.size() == BATCH) {
                    deleted[0] += deleteUnknown(candidates);
                    candidates.clear();
                }
            }
        });
        deleted[0] += deleteUnknown(candidates);
        if (deleted[0] > 0) {
            LOG.info("orphan sweep: deleted {} blobs that no fragment names", deleted[0]);
        }
        return deleted[0];
    }

    private int deleteUnknown(List<String> keys) throws IOException {
        Set<String> known = fragments.knownBlobKeys(keys);
        int deleted = 0;
        for (String key : keys) {
            if (!known.contains(key)) {
                blobs.delete(key);
                deleted++;
            }
        }
        return deleted;
    }
}
