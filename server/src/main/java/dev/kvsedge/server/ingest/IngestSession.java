package dev.kvsedge.server.ingest;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvFormatException;
import dev.kvsedge.media.mkv.MkvStreamReader;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.BlobUpload;
import dev.kvsedge.server.fragments.FragmentKeys;
import dev.kvsedge.server.fragments.Fragment;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PutMedia upload: reads the Matroska stream as it arrives, turns each cluster into a fragment
 * written straight to the blob store (so memory stays constant whatever the upload's length), and
 * acknowledges each fragment BUFFERING, RECEIVED, then PERSISTED once blob and index are durable.
 * A bad fragment gets an ERROR and is dropped; a broken stream gets an ERROR and ends the upload.
 */
final class IngestSession {
    private static final Logger LOG = LoggerFactory.getLogger(IngestSession.class);

    private final IngestContext context;
    private final String streamArn;
    private final FragmentKeys keys;
    private final TimecodeMode mode;
    private final AckWriter acks;

    private long timecodeScale = MkvStreamReader.DEFAULT_TIMECODE_SCALE;
    private Map<Integer, Track> tracks;
    private byte[] header;
    private long lastProducerNanos = Long.MIN_VALUE;
    private FragmentInProgress fragment;

    IngestSession(IngestContext context, String streamArn, TimecodeMode mode, AckWriter acks) {
        this.context = context;
        this.streamArn = streamArn;
        this.keys = FragmentKeys.of(streamArn);
        this.mode = mode;
        this.acks = acks;
    }

    /** Runs until the upload ends, fails or is replaced; never throws for anything the client sent. */
    void run(InputStream body) {
        MkvStreamReader reader = new MkvStreamReader(body, (int) Math.min(Integer.MAX_VALUE, context.limits().maxFragmentBytes()));
        try {
            for (MkvEvent event = reader.next(); event != null; event = reader.next()) {
                IngestError error;
                try {
                    error = handle(event);
                } catch (IOException e) {
                    // The blob store failed, not the client: this fragment is lost, the producer is told so, and the
                    // upload goes on (reading the body is the loop's reader.next(), outside this try).
                    LOG.warn("PutMedia to {}: could not store a fragment: {}", streamArn, e.toString());
                    error = IngestError.ARCHIVAL_ERROR;
                }
                if (error != null && fail(error)) {
                    return;
                }
            }
            if (fragment != null) {
                finishFragment();
            }
        } catch (MkvFormatException e) {
            LOG.info("PutMedia to {}: invalid MKV at byte {}: {}", streamArn, e.offset(), e.getMessage());
            fail(IngestError.INVALID_MKV_DATA);
        } catch (IOException e) {
            // The client went away or the upload was replaced: nobody is left to acknowledge to.
            LOG.debug("PutMedia to {} ended: {}", streamArn, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("PutMedia to {} failed", streamArn, e);
            fail(IngestError.INTERNAL_ERROR);
        } finally {
            discardFragment();
        }
    }

    /** Sends the ERROR, drops the fragment in progress, and says whether the upload must end. */
    private boolean fail(IngestError error) {
        long timecode = fragment == null ? -1 : fragment.timecode();
        discardFragment();
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
            case MkvEvent.ClusterEnd end -> fragment == null ? null : finishFragment();
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
        } catch (ArithmeticException e) {
            return IngestError.INVALID_PRODUCER_TIMESTAMP;
        }
        if (producerNanos < 0) {
            return IngestError.INVALID_PRODUCER_TIMESTAMP;
        }
        if (producerNanos <= lastProducerNanos) {
            acks.send(Ack.error(start.timecode(), IngestError.FRAGMENT_TIMECODE_LESSER_THAN_PREVIOUS));
            return null; // the fragment's blocks are skipped: no fragment is in progress
        }
        long number = context.numbers().next();
        BlobUpload upload;
        try {
            upload = context.blobs().create(keys.key(number));
        } catch (IOException e) {
            LOG.warn("PutMedia to {}: could not store a fragment: {}", streamArn, e.toString());
            acks.send(Ack.error(start.timecode(), IngestError.ARCHIVAL_ERROR));
            return null; // the fragment's blocks are skipped: no fragment is in progress
        }
        fragment = new FragmentInProgress(number, start.timecode(), producerNanos, context.clock().instant(), upload, header.length,
                timecodeScale, tracks);
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

    private IngestError finishFragment() throws IOException {
        FragmentInProgress done = fragment;
        acks.send(Ack.received(done.timecode(), done.number()));
        done.upload().commit();
        fragment = null;
        lastProducerNanos = done.producerNanos();
        if (!context.streamExists().test(streamArn)) {
            context.blobs().delete(keys.key(done.number()));
            return IngestError.STREAM_NOT_ACTIVE;
        }
        Instant producer = Instant.ofEpochSecond(0, done.producerNanos());
        try {
            context.index().insert(new Fragment(streamArn, done.number(), producer, done.serverTime(),
                    Math.round(done.durationNanos() / 1e6), keys.key(done.number()), done.upload().size(),
                    done.headerLength()));
        } catch (RuntimeException e) {
            // The index is down (database gone, disk full): this fragment is lost, say so, and try the next one.
            LOG.warn("PutMedia to {}: fragment {} could not be indexed: {}", streamArn, done.number(), e.toString());
            context.blobs().delete(keys.key(done.number()));
            acks.send(Ack.error(done.timecode(), IngestError.ARCHIVAL_ERROR));
            return null;
        }
        context.feed().published(streamArn);
        acks.send(Ack.persisted(done.timecode(), done.number()));
        return null;
    }

    private void discardFragment() {
        if (fragment != null) {
            try {
                fragment.upload().close();
            } catch (IOException e) {
                LOG.warn("could not discard a partial fragment of {}: {}", streamArn, e.getMessage());
            }
            fragment = null;
        }
    }
}
