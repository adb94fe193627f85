package dev.kvsedge.server.playback;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.mp4.Fmp4Writer;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.media.MediaShapes.ClipFragmentSelector;
import dev.kvsedge.model.media.MediaShapes.GetClipRequest;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import dev.kvsedge.server.http.MediaOutput;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/** GetClip: the fragments of a time range remuxed into one MP4 (fragmented, as AWS returns it), never re-encoded. */
public final class Clips {
    /** GetClip's quotas: at most 200 fragments and 100 MB of media. */
    static final int MAX_FRAGMENTS = 200;
    static final long MAX_BYTES = 100L << 20;

    private final StreamService streams;
    private final FragmentStore fragments;
    private final StoredFragments stored;

    Clips(StreamService streams, FragmentStore fragments, StoredFragments stored) {
        this.streams = streams;
        this.fragments = fragments;
        this.stored = stored;
    }

    public MediaOutput clip(Scope scope, GetClipRequest request) {
        Stream stream = streams.requireStream(scope, request);
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION,
                    "The stream " + stream.key().name() + " keeps no media.");
        }
        ClipFragmentSelector selector = request.clipFragmentSelector();
        TimeKind kind = selector.fragmentSelectorType().equals("SERVER_TIMESTAMP")
                ? TimeKind.SERVER
                : TimeKind.PRODUCER;
        // GetClip's timestamps are required members: validation saw them.
        Instant start = Objects.requireNonNull(selector.timestampRange().startTimestamp());
        Instant end = Objects.requireNonNull(selector.timestampRange().endTimestamp());
        if (!end.isAfter(start)) {
            throw ApiException.invalidArgument("The clip's EndTimestamp must be after its StartTimestamp.");
        }
        List<Fragment> range = fragments.inRange(stream.arn(), kind, start, end, null, null, MAX_FRAGMENTS + 1);
        if (range.isEmpty()) {
            throw ApiException.notFound("No fragments found in the stream for the clip request.");
        }
        if (range.size() > MAX_FRAGMENTS || range.stream().mapToLong(Fragment::mediaSize).sum() > MAX_BYTES) {
            throw new ApiException(ErrorCode.INVALID_ARGUMENT,
                    "The clip would exceed GetClip's limit of " + MAX_FRAGMENTS
                            + " fragments or " + (MAX_BYTES >> 20) + " MB of media: ask for a shorter range.");
        }
        StoredFragments.Decoded first = decodeChecked(range.getFirst());
        return new MediaOutput("video/mp4", out -> {
            BufferedOutputStream buffered = new BufferedOutputStream(out, 64 << 10);
            try {
                Fmp4Writer.writeClip(first.tracks(), () -> frames(first, range), buffered);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            buffered.flush();
        });
    }

    private StoredFragments.Decoded decodeChecked(Fragment fragment) {
        StoredFragments.Decoded decoded;
        try {
            decoded = stored.decode(fragment);
        } catch (IOException e) {
            throw ApiException.notFound("The fragment " + fragment.number() + " is no longer stored.");
        } catch (RuntimeException e) {
            if (Remuxable.unplayable(e)) {
                throw Remuxable.unplayable("The fragment " + fragment.number(), e);
            }
            throw e;
        }
        Remuxable.check(decoded.tracks());
        return decoded;
    }

    /** Each fragment's frames, decoded one at a time as the clip is written. */
    private Iterator<List<Frame>> frames(StoredFragments.Decoded first, List<Fragment> range) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < range.size();
            }

            @Override
            public List<Frame> next() {
                Fragment f = range.get(next++);
                if (f == first.fragment()) {
                    return first.frames();
                }
                try {
                    return stored.decode(f).frames();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
