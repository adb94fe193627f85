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
 * says so, and over the size cap (deleting the oldest, or closing the {@link MediaSpaceGate}). Segments being
 * written are not indexed yet and segments being uploaded are claimed, so neither is ever deleted. Every failed
 * deletion is logged and counted, and tried again on the next sweep.
 */
public final class Janitor {
    private static final Logger LOG = LoggerFactory.getLogger(Janitor.class);

    private final SegmentIndex index;
    private final SegmentClaims claims;
    private final UploadProgress progress;
    private final MediaSpaceGate gate;
    private final AgentMetrics metrics;

    public Janitor(SegmentIndex index, SegmentClaims claims, UploadProgress progress, MediaSpaceGate gate, AgentMetrics metrics) {
        this.index = index;
        this.claims = claims;
        this.progress = progress;
        this.gate = gate;
        this.metrics = metrics;
    }

    public MediaSpaceGate gate() {
        return gate;
    }

    /** One pass at {@code now}; returns how many segments it deleted. */
    public int sweep(String streamArn, DeletionRules rules, Instant now) {
        int deleted = 0;
        List<Segment> kept = new ArrayList<>();
        for (Segment segment : index.all(streamArn)) {
            String reason = expired(segment, rules, now) ? "retention"
                    : rules.deleteAfterUpload() && segment.uploaded() ? "uploaded" : null;
            if (reason != null && delete(segment, reason)) {
                deleted++;
            } else {
                kept.add(segment);
            }
        }
        if (rules.capped()) {
            deleted += enforceCap(streamArn, rules, kept);
        } else {
            gate.set(streamArn, false);
        }
        return deleted;
    }

    /** Older than the retention: its end lies more than EdgeRetentionInHours before now. */
    static boolean expired(Segment segment, DeletionRules rules, Instant now) {
        return now.isAfter(segment.end().plus(rules.retention()));
    }

    /**
     * Local media may take at most the cap. DELETE_OLDEST_MEDIA deletes from the oldest until it fits;
     * DENY_NEW_MEDIA stops new recording once the media reaches the cap (any new segment would pass it) and lets
     * it go on once retention or uploads freed room.
     */
    private int enforceCap(String streamArn, DeletionRules rules, List<Segment> oldestFirst) {
        long bytes = index.bytes(streamArn);
        int deleted = 0;
        if (rules.strategy() == DeletionRules.Strategy.DENY_NEW_MEDIA) {
            boolean deny = bytes >= rules.capBytes();
            if (deny != !gate.mayRecord(streamArn)) {
                LOG.info("{}: local media {} bytes, cap {}: recording {}", streamArn, bytes, rules.capBytes(),
                        deny ? "paused (DENY_NEW_MEDIA)" : "allowed again");
            }
            gate.set(streamArn, deny);
            return 0;
        }
        gate.set(streamArn, false);
        for (Segment segment : oldestFirst) {
            if (bytes <= rules.capBytes()) {
                break;
            }
            if (delete(segment, "size")) {
                bytes -= segment.sizeBytes();
                deleted++;
            }
        }
        return deleted;
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
            LOG.warn("could not delete segment {} ({}) of {}: {}", segment.id(), segment.file(), segment.streamArn(), e.toString());
            return false;
        } finally {
            claims.release(segment.id());
        }
    }
}
