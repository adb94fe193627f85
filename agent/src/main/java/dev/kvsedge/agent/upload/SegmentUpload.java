package dev.kvsedge.agent.upload;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.media.mkv.MkvFormatException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One attempt to upload one segment with one PutMedia connection. The fragments keep their recording times, and
 * the clusters' bytes are sent unchanged. The recorder writes cluster timecodes as epoch milliseconds: they go as
 * ABSOLUTE timecodes. A file whose timecodes count from zero instead goes RELATIVE to a producer start chosen so
 * its first cluster lands at the segment's start; a resumed attempt computes the same start. Either way every
 * cluster lands where the first attempt would have put it.
 *
 * <p>Resuming without duplicates: after each PERSISTED the last cluster timecode up to which every sent cluster
 * is done (persisted, or refused for good) is written to {@link UploadProgress}; a later attempt skips the clusters
 * up to it. Only a fragment the server persisted in the instant between its PERSISTED and the agent's write (a
 * crash or a cut connection exactly then) can be sent twice.
 */
final class SegmentUpload {
    /** A test seam: called before each cluster is sent, with its index among the clusters sent by this attempt. */
    @FunctionalInterface
    interface SendHook {
        void beforeCluster(Segment segment, int index) throws IOException;
    }

    private final PutMediaEndpoint endpoint;
    private final UploadProgress progress;
    private final SendHook hook;
    private volatile PutMediaConnection connection;
    private volatile boolean aborted;

    SegmentUpload(PutMediaEndpoint endpoint, UploadProgress progress, SendHook hook) {
        this.endpoint = endpoint;
        this.progress = progress;
        this.hook = hook;
    }

    /** Stops the attempt from another thread: the connection is dropped and {@link #upload} returns Interrupted. */
    void abort() {
        aborted = true;
        PutMediaConnection c = connection;
        if (c != null) {
            c.close();
        }
    }

    UploadOutcome upload(Segment segment) throws InterruptedException {
        OptionalLong resumeAfter = progress.persistedUpTo(segment);
        Acks acks = new Acks(segment);
        int skipped = 0;
        String corrupt = null;
        try (SegmentClusters pieces = new SegmentClusters(segment.file())) {
            SegmentClusters.Header header = null;
            boolean headerSent = false;
            Instant producerStart = null;
            boolean timesKnown = false;
            try {
                for (SegmentClusters.Piece piece = pieces.next(); piece != null; piece = pieces.next()) {
                    if (aborted) {
                        return new UploadOutcome.Interrupted("stopped", false);
                    }
                    if (piece instanceof SegmentClusters.Header h) {
                        header = h;
                        headerSent = false;
                        continue;
                    }
                    SegmentClusters.Cluster cluster = (SegmentClusters.Cluster) piece;
                    if (header == null) {
                        throw new MkvFormatException(pieces.position(), "a Cluster before the Tracks");
                    }
                    if (!timesKnown) {
                        producerStart = producerStart(segment, cluster.timecode(), header.timecodeScaleNanos());
                        timesKnown = true;
                    }
                    if (resumeAfter.isPresent() && cluster.timecode() <= resumeAfter.getAsLong()) {
                        skipped++;
                        continue;
                    }
                    if (connection == null) {
                        connection = PutMediaConnection.open(endpoint, segment.streamArn(), producerStart,
                                acks::accept);
                        if (aborted) {
                            return new UploadOutcome.Interrupted("stopped", false);
                        }
                    }
                    if (!headerSent) {
                        connection.send(header.bytes());
                        headerSent = true;
                    }
                    hook.beforeCluster(segment, acks.sentCount());
                    acks.sending(cluster.timecode());
                    connection.send(cluster.bytes());
                }
            } catch (MkvFormatException e) {
                // Send nothing more of a torn file; what went out before is still waited for below.
                corrupt = "the segment file " + segment.file().getFileName() + " is not valid Matroska at byte "
                        + e.offset()
                        + ": " + e.getMessage();
            }
            if (connection == null) {
                return corrupt != null
                        ? new UploadOutcome.GivenUp(corrupt, false, 0)
                        : new UploadOutcome.Complete(0, skipped);
            }
            connection.finishBody();
            acks.awaitDone(connection, endpoint.ackTimeout());
            return outcome(acks, skipped, corrupt);
        } catch (IOException e) {
            if (aborted) {
                return new UploadOutcome.Interrupted("stopped", false);
            }
            PutMediaConnection c = connection;
            if (c != null && c.failure() instanceof PutMediaRefusedException refused) {
                return new UploadOutcome.Refused(refused);
            }
            return new UploadOutcome.Interrupted("PutMedia failed: " + e.getMessage(), false);
        } finally {
            PutMediaConnection c = connection;
            connection = null;
            if (c != null) {
                c.close();
            }
        }
    }

    /** Timecodes further than this from the segment's start are not epoch times. */
    private static final Duration ABSOLUTE_TOLERANCE = Duration.ofDays(1);

    /**
     * Null when the file's first cluster timecode is an epoch time (within a day of the segment's start): ABSOLUTE.
     * Else the producer start that puts the file's first cluster at the segment's start: RELATIVE.
     */
    static Instant producerStart(Segment segment, long firstTimecode, long timecodeScaleNanos) {
        long firstNanos = Math.multiplyExact(firstTimecode, timecodeScaleNanos);
        Instant first = Instant.ofEpochSecond(Math.floorDiv(firstNanos, 1_000_000_000L),
                Math.floorMod(firstNanos, 1_000_000_000L));
        if (Duration.between(first, segment.start()).abs().compareTo(ABSOLUTE_TOLERANCE) <= 0) {
            return null;
        }
        return segment.start().minusNanos(firstNanos);
    }

    private UploadOutcome outcome(Acks acks, int skipped, String corrupt) {
        synchronized (acks) {
            if (acks.progressError != null) {
                return new UploadOutcome.Interrupted(
                        "could not record upload progress: " + acks.progressError.getMessage(), false);
            }
            if (!acks.outstanding.isEmpty()) {
                if (acks.fatal != null) {
                    return fatal(acks.fatal, acks.sentCount());
                }
                Exception failure = connection.failure();
                if (failure instanceof PutMediaRefusedException refused) {
                    return new UploadOutcome.Refused(refused);
                }
                return new UploadOutcome.Interrupted(acks.outstanding.size() + " fragments not acknowledged PERSISTED"
                        + (failure == null ? " in time" : ": " + failure.getMessage()), false);
            }
            if (corrupt != null) {
                return new UploadOutcome.GivenUp(corrupt, false, acks.sentCount());
            }
            if (!acks.rejections.isEmpty()) {
                return new UploadOutcome.GivenUp("the server refused " + acks.rejections.size() + " fragments: "
                        + String.join("; ", acks.rejections), true, acks.sentCount());
            }
            return new UploadOutcome.Complete(acks.sentCount(), skipped);
        }
    }

    /** An ERROR that ended the upload. Invalid MKV or too many tracks will not change on a retry; the rest may. */
    private static UploadOutcome fatal(PutMediaAck ack, int sent) {
        String details = "the server ended the upload with ErrorId " + ack.errorId() + " at fragment timecode "
                + ack.fragmentTimecode();
        return switch (ack.errorId()) {
            case 4006, 4012 -> new UploadOutcome.GivenUp(details, ack.errorId() == 4012, sent);
            case 4008 -> new UploadOutcome.Interrupted(details + " (the stream is not active)", true);
            default -> new UploadOutcome.Interrupted(details, false);
        };
    }

    /** The acknowledgements of this attempt, fed by the connection's reader thread. */
    private final class Acks {
        private final Segment segment;
        /** Timecodes sent and not yet done, in sending order. */
        private final Deque<Long> outstanding = new ArrayDeque<>();
        private final Set<Long> done = new HashSet<>();
        private final java.util.List<String> rejections = new java.util.ArrayList<>();
        private int sent;
        private PutMediaAck fatal;
        private IOException progressError;

        Acks(Segment segment) {
            this.segment = segment;
        }

        synchronized void sending(long timecode) {
            outstanding.addLast(timecode);
            sent++;
        }

        synchronized int sentCount() {
            return sent;
        }

        synchronized void accept(PutMediaAck ack) {
            if (ack.persisted()) {
                done.add(ack.fragmentTimecode());
            } else if (ack.permanentRejection()) {
                done.add(ack.fragmentTimecode());
                rejections.add("ErrorId " + ack.errorId() + " at timecode " + ack.fragmentTimecode());
            } else if (ack.endsUpload()) {
                fatal = ack;
            } else {
                return; // BUFFERING, RECEIVED, IDLE, or an error the next attempt retries
            }
            advance();
            notifyAll();
        }

        /** Moves the durable mark over every leading cluster that is done, so a resume never skips a gap. */
        private void advance() {
            Long last = null;
            while (!outstanding.isEmpty() && done.contains(outstanding.peekFirst())) {
                last = outstanding.pollFirst();
            }
            if (last != null && progressError == null) {
                try {
                    progress.persisted(segment, last);
                } catch (IOException e) {
                    progressError = e;
                }
            }
        }

        /** Waits until every sent cluster is done, the answer ends, or nothing arrives for {@code quiet}. */
        synchronized void awaitDone(PutMediaConnection c, Duration quiet) throws InterruptedException {
            long deadline = System.nanoTime() + quiet.toNanos();
            int lastOutstanding = outstanding.size();
            while (!outstanding.isEmpty() && fatal == null && !c.ended() && System.nanoTime() < deadline) {
                wait(50);
                if (outstanding.size() != lastOutstanding) {
                    lastOutstanding = outstanding.size();
                    deadline = System.nanoTime() + quiet.toNanos();
                }
            }
        }
    }
}
