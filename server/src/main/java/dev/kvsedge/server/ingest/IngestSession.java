package dev.kvsedge.server.ingest;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvFormatException;
import dev.kvsedge.media.mkv.MkvStreamReader;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.BlobUpload;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentKeys;
import dev.kvsedge.server.fragments.NewFragment;
import dev.kvsedge.server.fragments.ResentFragments;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PutMedia upload: reads the Matroska stream as it arrives, turns each cluster into a fragment
 * written straight to the blob store (so memory stays constant whatever the upload's length), and
 * acknowledges each fragment BUFFERING, RECEIVED, then PERSISTED once blob and index are durable.
 * Fragments are committed (synced, indexed) while the next ones are read, up to {@link #COMMITS_IN_FLIGHT} at a
 * time, so an upload does not stall for the length of a disk sync; their blobs are synced side by side, but they are
 * handed to the index in the order they came, which numbers them as it commits them, so their numbers grow in that
 * order and a live reader never sees a later one before an earlier one. Acknowledgements keep the fragments' order.
 * A fragment sent again after a producer's crash is acknowledged as the stored one ({@link ResentFragments}).
 * A bad fragment gets an ERROR and is dropped; a broken stream gets an ERROR and ends the upload.
 */
final class IngestSession {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSession.class);
    /** Enough for an upload to go on at disk speed while the index commits a batch (each takes a WAL fsync). */
    static final int COMMITS_IN_FLIGHT = 4;
    private static final Executor COMMITTERS = Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("putmedia-commit").factory());

    private final IngestContext context;
    private final String streamArn;
    private final FragmentKeys keys;
    private final TimecodeMode mode;
    private final AckWriter acks;
    /** This upload's fencing token ({@link UploadLeases}): the index refuses its fragments once another took the stream. */
    private final long uploadToken;

    private long timecodeScale = MkvStreamReader.DEFAULT_TIMECODE_SCALE;
    private Map<Integer, Track> tracks;
    private byte[] header;
    private long lastProducerNanos = Long.MIN_VALUE;
    private FragmentInProgress fragment;
    private InputStream body;
    /** The fragments being committed, oldest first; each completes once its outcome is acknowledged, in order. */
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    private CompletableFuture<Void> acknowledged = CompletableFuture.completedFuture(null);
    /** Completes once the last fragment finished has been handed to the index (or needed no indexing). */
    private CompletableFuture<?> handedOver = CompletableFuture.completedFuture(null);
    /** Set by a commit that found the stream deleted: the upload ends, and what is still in it is refused. */
    private volatile boolean streamGone;

    IngestSession(IngestContext context, String streamArn, long uploadToken, TimecodeMode mode, AckWriter acks) {
        this.context = context;
        this.uploadToken = uploadToken;
        this.streamArn = streamArn;
        this.keys = FragmentKeys.of(streamArn);
        this.mode = mode;
        this.acks = acks;
    }

    /** Runs until the upload ends, fails or is replaced; never throws for anything the client sent. */
    void run(InputStream body) {
        this.body = body;
        MkvStreamReader reader = new MkvStreamReader(body,
                (int) Math.min(Integer.MAX_VALUE, context.limits().maxFragmentBytes()));
        try {
            for (MkvEvent event = reader.next(); event != null; event = reader.next()) {
                IngestError error;
                try {
                    error = handle(event);
                } catch (IOException e) {
                    // The blob store failed, not the client: this fragment is lost, the producer is told so, and the
                    // upload goes on (reading the body is the loop's reader.next(), outside this try).
                    storeFailed("could not store a fragment", e);
                    error = IngestError.ARCHIVAL_ERROR;
                }
                if (error != null && fail(error) || streamGone) {
                    return;
                }
            }
            if (fragment != null) {
                finishFragment();
            }
        } catch (MkvFormatException e) {
            LOG.info("PutMedia to {}: invalid MKV at byte {}: {}", streamArn, e.offset(), e.getMessage());
            fail(IngestError.INVALID_MKV_DATA);
        } catch (ActivityInputStream.UploadTimedOut e) {
            fail(IngestError.STREAM_READ_ERROR); // the producer made no progress within the idle timeout
        } catch (IOException e) {
            // The client went away or the upload was replaced: nobody is left to acknowledge to.
            LOG.debug("PutMedia to {} ended: {}", streamArn, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("PutMedia to {} failed", streamArn, e);
            fail(IngestError.INTERNAL_ERROR);
        } finally {
            discardFragment();
            awaitCommits();
        }
    }

    /** Sends the ERROR, drops the fragment in progress, and says whether the upload must end. */
    private boolean fail(IngestError error) {
        long timecode = fragment == null ? -1 : fragment.timecode();
        discardFragment();
        awaitCommits();
        acks.send(Ack.error(Math.max(0, timecode), error));
        return error.endsUpload();
    }

    private IngestError handle(MkvEvent event) throws IOException {
        return switch (event) {
            case MkvEvent.Header h -> header(h);
            case MkvEvent.ClusterStart start -> startFragment(start);
            case MkvEvent.Block block -> fragment == null ? null : block(block);
            case MkvEvent.ClusterOther other -> {
                if (fragment != null) {
                    fragment.write(other.element());
                }
                yield null;
            }
            case MkvEvent.ClusterEnd end -> {
                if (fragment != null) {
                    finishFragment();
                }
                yield null;
            }
        };
    }

    private IngestError header(MkvEvent.Header h) {
        if (h.tracks().size() > context.limits().maxTracks()) {
            return IngestError.MORE_THAN_ALLOWED_TRACKS_FOUND;
        }
        timecodeScale = h.timecodeScaleNanos();
        tracks = new HashMap<>();
        h.tracks().forEach(t -> tracks.put(t.number(), t));
        header = MkvWriter.header(timecodeScale, h.tracksElement(), "kvs-edge");
        return null;
    }

    private IngestError startFragment(MkvEvent.ClusterStart start) throws IOException {
        if (header == null) {
            throw new MkvFormatException(0, "a Cluster came before the Segment's Tracks");
        }
        long producerNanos;
        try {
            producerNanos = mode.producerNanos(start.timecode(), timecodeScale);
            // Its end must fit as well: playback adds the fragment's length (at most the limit) to its start.
            Math.addExact(producerNanos, context.limits().maxFragmentDuration().toNanos());
        } catch (ArithmeticException e) {
            producerNanos = -1;
        }
        if (producerNanos < 0) {
            acks.send(Ack.error(start.timecode(), IngestError.INVALID_PRODUCER_TIMESTAMP));
            return null; // the fragment's blocks are skipped: no fragment is in progress
        }
        if (producerNanos <= lastProducerNanos) {
            acks.send(Ack.error(start.timecode(), IngestError.FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS));
            return null; // the fragment's blocks are skipped: no fragment is in progress
        }
        if (!context.disk().admitFragment()) {
            acks.send(Ack.error(start.timecode(), IngestError.ARCHIVAL_ERROR));
            return null; // refused while the data disk is full: no fragment is in progress
        }
        Instant serverTime = context.clock().instant();
        String key = keys.key(serverTime);
        BlobUpload upload;
        try {
            upload = context.blobs().create(key);
        } catch (IOException e) {
            storeFailed("could not store a fragment", e);
            acks.send(Ack.error(start.timecode(), IngestError.ARCHIVAL_ERROR));
            return null; // the fragment's blocks are skipped: no fragment is in progress
        }
        fragment = new FragmentInProgress(key, start.timecode(), producerNanos, serverTime, upload, header.length,
                timecodeScale,
                tracks);
        fragment.write(header);
        fragment.write(start.elements());
        acks.send(Ack.buffering(start.timecode()));
        return null;
    }

    private IngestError block(MkvEvent.Block block) throws IOException {
        if (!tracks.containsKey(block.track())) {
            return IngestError.TRACK_NUMBER_MISMATCH;
        }
        fragment.add(block);
        if (fragment.mediaBytes() > context.limits().maxFragmentBytes()) {
            return IngestError.MAX_FRAGMENT_SIZE_REACHED;
        }
        if (fragment.durationNanos() > context.limits().maxFragmentDuration().toNanos()) {
            return IngestError.MAX_FRAGMENT_DURATION_REACHED;
        }
        return null;
    }

    /**
     * Hands the finished fragment to its commit, and returns at once unless {@link #COMMITS_IN_FLIGHT} commits are
     * still running: the upload goes on reading. The commit's PERSISTED or ERROR goes out after the previous one's.
     */
    private void finishFragment() {
        FragmentInProgress done = fragment;
        fragment = null;
        lastProducerNanos = done.producerNanos();
        acks.send(Ack.received(done.timecode()));
        while (inFlight.size() >= COMMITS_IN_FLIGHT) {
            inFlight.removeFirst().join();
        }
        CompletableFuture<Ack> outcome;
        if (streamGone) {
            discard(done);
            outcome = CompletableFuture.completedFuture(Ack.error(done.timecode(), IngestError.STREAM_NOT_ACTIVE));
        } else {
            CompletableFuture<Stored> stored = CompletableFuture.supplyAsync(() -> store(done), COMMITTERS);
            // Handed to the index only after the previous fragment was: the index numbers them in that order.
            @SuppressWarnings("FutureReturnValueIgnored") // two moments on purpose: handed over (outer), acknowledged (inner)
            CompletableFuture<CompletableFuture<Ack>> indexing = handedOver.thenCombine(stored,
                    (previous, s) -> index(done, s));
            handedOver = indexing;
            outcome = indexing.thenCompose(ack -> ack);
        }
        acknowledged = acknowledged.thenCombine(outcome, (previous, ack) -> {
            acks.send(ack);
            return null;
        });
        inFlight.addLast(acknowledged);
    }

    /** Waits until every fragment handed to a commit is acknowledged. */
    private void awaitCommits() {
        acknowledged.join();
        inFlight.clear();
    }

    /** A fragment whose blob was stored: either its acknowledgement is known, or it is to be indexed. */
    private record Stored(Ack ack, NewFragment fragment) {}

    /** Makes the fragment's blob durable and looks for a stored copy of it, beside the other fragments' commits. */
    private Stored store(FragmentInProgress done) {
        try {
            done.upload().commit();
        } catch (IOException | RuntimeException e) {
            // The blob store failed, not the client: this fragment is lost, the producer is told so, the upload goes on.
            storeFailed("could not store a fragment", e);
            discard(done);
            return new Stored(Ack.error(done.timecode(), IngestError.ARCHIVAL_ERROR), null);
        }
        NewFragment arrived = new NewFragment(streamArn, Instant.ofEpochSecond(0, done.producerNanos()),
                done.serverTime(),
                Math.round(done.durationNanos() / 1e6), done.key(), done.upload().size(), done.headerLength(),
                uploadToken);
        try {
            Optional<Fragment> copy = context.resent().storedCopy(arrived);
            if (copy.isPresent()) {
                deleteQuietly(done);
                return new Stored(Ack.persisted(done.timecode(), copy.get().number()), null);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("PutMedia to {}: could not compare a fragment with the stored ones: {}", streamArn, e.toString());
            deleteQuietly(done);
            return new Stored(Ack.error(done.timecode(), IngestError.ARCHIVAL_ERROR), null);
        }
        return new Stored(null, arrived);
    }

    /** Hands a stored fragment to the index; the acknowledgement to send for it once it is committed. */
    private CompletableFuture<Ack> index(FragmentInProgress done, Stored stored) {
        if (stored.ack() != null) {
            return CompletableFuture.completedFuture(stored.ack());
        }
        return context.index().submit(stored.fragment()).handle((indexed, failure) -> {
            if (failure != null) {
                // The index is down (database gone, disk full): this fragment is lost, say so, and try the next one.
                storeFailed("a fragment could not be indexed", failure);
                deleteQuietly(done);
                return Ack.error(done.timecode(), IngestError.ARCHIVAL_ERROR);
            }
            if (indexed.isEmpty()) {
                deleteQuietly(done);
                if (context.leases().current(streamArn).isPresent()) {
                    // Fenced off: a newer upload (on this node or another) took the stream; this one is over.
                    LOG.info("PutMedia to {}: another upload took the stream; ending this one", streamArn);
                    closeQuietly(body);
                    return Ack.error(done.timecode(), IngestError.ARCHIVAL_ERROR);
                }
                streamGone = true;
                closeQuietly(body); // the session may be waiting for more of the upload, which nobody wants now
                return Ack.error(done.timecode(), IngestError.STREAM_NOT_ACTIVE);
            }
            context.feed().published(streamArn);
            return Ack.persisted(done.timecode(), indexed.get().number());
        });
    }

    /** Logs a failure to store a fragment, unless a full data disk explains it (then it is counted, and summarized). */
    private void storeFailed(String what, Throwable e) {
        if (!context.disk().explainsFailure()) {
            LOG.warn("PutMedia to {}: {}: {}", streamArn, what, e.toString());
        }
    }

    private void closeQuietly(InputStream upload) {
        try {
            upload.close();
        } catch (IOException e) {
            LOG.debug("PutMedia to {}: closing the upload: {}", streamArn, e.toString());
        }
    }

    private void deleteQuietly(FragmentInProgress done) {
        try {
            context.blobs().delete(done.key());
        } catch (IOException e) {
            LOG.warn("PutMedia to {}: could not delete the unindexed blob {}: {}", streamArn, done.key(), e.toString());
        }
    }

    private void discardFragment() {
        if (fragment != null) {
            discard(fragment);
            fragment = null;
        }
    }

    private void discard(FragmentInProgress unfinished) {
        try {
            unfinished.upload().close();
        } catch (IOException e) {
            LOG.warn("could not discard a partial fragment of {}: {}", streamArn, e.getMessage());
        }
    }
}
