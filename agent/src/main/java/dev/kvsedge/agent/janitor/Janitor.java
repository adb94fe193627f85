package dev.kvsedge.agent.janitor;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a stream's deletion rules to its indexed segments: past the retention, uploaded when DeleteAfterUpload
 * says so, and over the size cap with DELETE_OLDEST_MEDIA; and deletes a stream's oldest segments when its
 * recording needs room ({@link #freeOldest}, through {@link StreamRoom}). Segments being written are not indexed
 * yet and segments being uploaded are claimed, so neither is ever deleted. Every failed deletion is logged and
 * counted, and tried again on the next sweep.
 */
public final class Janitor {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

    private final SegmentIndex index;
    private final SegmentClaims claims;
    private final UploadProgress progress;
    private final AgentMetrics metrics;

    public Janitor(SegmentIndex index, SegmentClaims claims, UploadProgress progress, AgentMetrics metrics) {
        this.index = index;
        this.claims = claims;
        this.progress = progress;
        this.metrics = metrics;
    }

    /** One pass at {@code now}; returns how many segments it deleted. */
    public synchronized int sweep(String streamArn, DeletionRules rules, Instant now) {
        int deleted = 0;
        List<Segment> kept = new ArrayList<>();
        for (Segment segment : index.all(streamArn)) {
            String reason = expired(segment, rules, now)
                    ? "retention"
                    : rules.deleteAfterUpload() && segment.uploaded() ? "uploaded" : null;
            if (reason != null && delete(segment, reason)) {
                deleted++;
            } else {
                kept.add(segment);
            }
        }
        if (rules.capped() && rules.strategy() == DeletionRules.Strategy.DELETE_OLDEST_MEDIA) {
            deleted += deleteOldest(kept, index.bytes(streamArn) - rules.capBytes(), "size").count();
        }
        return deleted;
    }

    /** Older than the retention: its end lies more than EdgeRetentionInHours before now. */
    static boolean expired(Segment segment, DeletionRules rules, Instant now) {
        return now.isAfter(segment.end().plus(rules.retention()));
    }

    /**
     * Deletes the stream's oldest segments (those not being uploaded) until {@code bytes} are freed or none is left:
     * for its recording, which needs the room (the cap, or a full disk).
     *
     * @return the bytes freed
     */
    public synchronized long freeOldest(String streamArn, long bytes, String reason) {
        return deleteOldest(index.all(streamArn), bytes, reason).bytes();
    }

    private record Freed(int count, long bytes) {}

    private Freed deleteOldest(List<Segment> oldestFirst, long bytes, String reason) {
        int count = 0;
        long freed = 0;
        for (Segment segment : oldestFirst) {
            if (freed >= bytes) {
                break;
            }
            if (delete(segment, reason)) {
                count++;
                freed += segment.sizeBytes();
            }
        }
        return new Freed(count, freed);
    }

    /** File first, then the index entry: a crash between leaves an entry without a file, which is noticed and forgotten. */
    private boolean delete(Segment segment, String reason) {
        if (!claims.tryClaim(segment.id())) {
            return false; // being uploaded: its turn comes on a later sweep
        }
        try {
            Files.deleteIfExists(segment.file());
            index.remove(segment.id());
            progress.forget(segment.id());
            metrics.increment(AgentMetrics.SEGMENTS_DELETED, segment.streamArn(), reason);
            LOG.debug("deleted segment {} of {} ({})", segment.id(), segment.streamArn(), reason);
            return true;
        } catch (IOException | RuntimeException e) {
            metrics.increment(AgentMetrics.DELETE_FAILURES, segment.streamArn());
            LOG.warn("could not delete segment {} ({}) of {}: {}", segment.id(), segment.file(), segment.streamArn(),
                    e.toString());
            return false;
        } finally {
            claims.release(segment.id());
        }
    }
}
