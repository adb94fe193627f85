package dev.kvsedge.agent.upload;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.status.JobStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one stream's pending segments, oldest first, one PutMedia connection per segment, until none is left,
 * the uploader's schedule window ends, or it is stopped. A segment is marked uploaded only once every fragment of
 * it is PERSISTED. One run at a time per stream: the server lets one upload per stream live, so two would cut each
 * other off.
 */
public final class StreamUploader {
    private static final Logger LOG = LoggerFactory.getLogger(StreamUploader.class);
    private static final int PENDING_BATCH = 32;

    /** Why a run ended. */
    public enum RunEnd {
        /** Nothing more to upload now. */
        DRAINED,
        /** The schedule window closed. */
        DEADLINE,
        STOPPED,
        /** An attempt failed and will be resumed: wait a while before the next run. */
        FAILED
    }

    private final String streamArn;
    private final SegmentIndex index;
    private final SegmentClaims claims;
    private final UploadProgress progress;
    private final SegmentUpload upload;
    private final Clock clock;
    private final AgentMetrics metrics;
    private volatile boolean stopped;
    private volatile JobStatus status;
    /** The failure last logged; null once an upload went through. */
    private String lastLogged;

    public StreamUploader(String streamArn, SegmentIndex index, SegmentClaims claims, UploadProgress progress,
            PutMediaEndpoint endpoint, Clock clock, AgentMetrics metrics) {
        this(streamArn, index, claims, progress, new SegmentUpload(endpoint, progress, (segment, i) -> {}), clock,
                metrics);
    }

    StreamUploader(String streamArn, SegmentIndex index, SegmentClaims claims, UploadProgress progress,
            SegmentUpload upload,
            Clock clock, AgentMetrics metrics) {
        this.streamArn = streamArn;
        this.index = index;
        this.claims = claims;
        this.progress = progress;
        this.upload = upload;
        this.clock = clock;
        this.metrics = metrics;
        this.status = JobStatus.success("Nothing uploaded yet.", clock.instant());
    }

    /** The last upload's result, as UploaderStatus. */
    public JobStatus status() {
        return status;
    }

    /** Stops a run from another thread; the segment being sent is resumed by a later run. */
    public void stop() {
        stopped = true;
        upload.abort();
    }

    public RunEnd runUntil(Instant deadline) throws InterruptedException {
        int uploaded = 0;
        while (true) {
            if (stopped) {
                return RunEnd.STOPPED;
            }
            if (!clock.instant().isBefore(deadline)) {
                return RunEnd.DEADLINE;
            }
            Segment next = claimNext();
            if (next == null) {
                if (uploaded > 0) {
                    status = JobStatus.success(
                            "Uploaded " + uploaded + (uploaded == 1 ? " segment" : " segments") + "; none pending.",
                            clock.instant());
                }
                return RunEnd.DRAINED;
            }
            try {
                UploadOutcome outcome = uploadClaimed(next);
                if (outcome instanceof UploadOutcome.Interrupted || outcome instanceof UploadOutcome.Refused) {
                    return stopped ? RunEnd.STOPPED : RunEnd.FAILED;
                }
                uploaded++;
            } finally {
                claims.release(next.id());
            }
        }
    }

    /** The oldest pending segment nobody else holds (the janitor may be deleting one), claimed. */
    private Segment claimNext() {
        List<Segment> pending = index.pending(streamArn, PENDING_BATCH);
        for (Segment segment : pending) {
            if (claims.tryClaim(segment.id())) {
                return segment;
            }
        }
        return null;
    }

    private UploadOutcome uploadClaimed(Segment segment) throws InterruptedException {
        if (!Files.exists(segment.file())) {
            // Gone from the disk (deleted by hand, or a crash between the janitor's two steps): nothing to send.
            LOG.warn("segment {} of {} has no file {}: forgetting it", segment.id(), streamArn, segment.file());
            index.remove(segment.id());
            forget(segment);
            return new UploadOutcome.GivenUp("file missing", false, 0);
        }
        UploadOutcome outcome;
        try {
            outcome = upload.upload(segment);
        } catch (RuntimeException e) {
            LOG.error("uploading segment {} of {} failed", segment.id(), streamArn, e);
            outcome = new UploadOutcome.Interrupted("internal error: " + e, false);
        }
        Instant now = clock.instant();
        switch (outcome) {
            case UploadOutcome.Complete c -> {
                index.markUploaded(segment.id());
                forget(segment);
                metrics.add(AgentMetrics.FRAGMENTS_PERSISTED, java.util.Map.of("stream", streamArn), c.sent());
                metrics.increment(AgentMetrics.SEGMENTS_UPLOADED, streamArn);
                if (lastLogged != null) {
                    LOG.info("{}: uploads go through again", streamArn);
                    lastLogged = null;
                }
                status = JobStatus.success("Uploaded the segment recorded at " + segment.start() + ".", now);
            }
            case UploadOutcome.GivenUp g -> {
                // Marked uploaded so it no longer blocks the queue; retention or DeleteAfterUpload removes it.
                index.markUploaded(segment.id());
                forget(segment);
                metrics.increment(AgentMetrics.SEGMENTS_GIVEN_UP, streamArn);
                String details = "Gave up the segment recorded at " + segment.start() + ": " + g.details();
                LOG.warn("{}: {}", streamArn, details);
                status = g.userError() ? JobStatus.userError(details, now) : JobStatus.systemError(details, now);
            }
            case UploadOutcome.Interrupted i -> {
                if (!stopped) {
                    metrics.increment(AgentMetrics.UPLOAD_FAILURES, streamArn);
                    String details = "Upload of the segment recorded at " + segment.start()
                            + " interrupted (resumed later): "
                            + i.details();
                    log(false, "Uploads are interrupted (resumed later): " + i.details());
                    status = i.userError() ? JobStatus.userError(details, now) : JobStatus.systemError(details, now);
                }
            }
            case UploadOutcome.Refused r -> {
                if (!stopped) {
                    metrics.increment(AgentMetrics.UPLOAD_FAILURES, streamArn);
                    PutMediaRefusedException refusal = r.refusal();
                    String details = "The server refused to take the segment recorded at " + segment.start() + ": "
                            + refusal.getMessage()
                            + (refusal.status() == 403 ? " (the agent's credentials or their scope)" : "")
                            + "; retrying with backoff";
                    log(true, "The server refuses uploads: " + refusal.getMessage());
                    status = refusal.userError()
                            ? JobStatus.userError(details, now)
                            : JobStatus.systemError(details, now);
                }
            }
        }
        return outcome;
    }

    /** Logs a failure once when it starts or changes, not at every retry (the status has each one). */
    private void log(boolean refusal, String line) {
        if (line.equals(lastLogged)) {
            return;
        }
        lastLogged = line;
        if (refusal) {
            LOG.error("{}: {}", streamArn, line);
        } else {
            LOG.info("{}: {}", streamArn, line);
        }
    }

    private void forget(Segment segment) {
        try {
            progress.forget(segment.id());
        } catch (IOException e) {
            // A stale entry only costs a few bytes: the segment id is never reused.
            LOG.warn("could not update upload progress for segment {}: {}", segment.id(), e.getMessage());
        }
    }
}
