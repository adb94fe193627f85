package dev.kvsedge.server.playback;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.media.MediaShapes.GetMediaRequest;
import dev.kvsedge.model.media.MediaShapes.StartSelector;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import dev.kvsedge.server.http.MediaOutput;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * GetMedia: the stream's fragments from the chosen start, then each new one as it is persisted, until the client
 * closes the connection or the stream is deleted. Each fragment ends with a continuation token (its number) that
 * a later GetMedia can resume after.
 */
public final class LiveMedia {
    private static final int BATCH = 32;
    private static final Duration WAIT = Duration.ofSeconds(1);

    private final StreamService streams;
    private final FragmentStore fragments;
    private final StoredFragments stored;
    private final FragmentFeed feed;
    private final Clock clock;

    LiveMedia(StreamService streams, FragmentStore fragments, StoredFragments stored, FragmentFeed feed, Clock clock) {
        this.streams = streams;
        this.fragments = fragments;
        this.stored = stored;
        this.feed = feed;
        this.clock = clock;
    }

    public MediaOutput media(Scope scope, GetMediaRequest request) {
        Stream stream = streams.requireStream(scope, request);
        long after = startAfter(stream.arn(), request.startSelector());
        return new MediaOutput(FragmentReads.MKV, out -> tail(stream.arn(), after, out));
    }

    /** The number after which delivery starts (-1: from the first fragment). */
    private long startAfter(String arn, StartSelector selector) {
        return switch (selector.startSelectorType()) {
            case "EARLIEST" -> -1;
            case "NOW" -> fragments.latest(arn).map(Fragment::number).orElse(-1L);
            case "FRAGMENT_NUMBER" ->
                FragmentNumberText.parse(required(selector.afterFragmentNumber(), "AfterFragmentNumber")) - 1;
            case "CONTINUATION_TOKEN" ->
                FragmentNumberText.parse(required(selector.continuationToken(), "ContinuationToken"));
            case "SERVER_TIMESTAMP", "PRODUCER_TIMESTAMP" -> {
                Instant start = required(selector.startTimestamp(), "StartTimestamp");
                TimeKind kind = selector.startSelectorType().equals("SERVER_TIMESTAMP")
                        ? TimeKind.SERVER
                        : TimeKind.PRODUCER;
                List<Fragment> first = fragments.inRange(arn, kind, start, Instant.parse("9999-12-31T23:59:59Z"), null,
                        null, 1);
                // Nothing at or after the start yet: follow from the newest, as a live start would.
                yield first.isEmpty()
                        ? fragments.latest(arn).map(Fragment::number).orElse(-1L)
                        : first.getFirst().number() - 1;
            }
            default ->
                throw ApiException.invalidArgument("Unknown StartSelectorType " + selector.startSelectorType() + ".");
        };
    }

    private static <T> T required(@Nullable T value, String member) {
        if (value == null) {
            throw ApiException.invalidArgument("This StartSelectorType needs the StartSelector's " + member + ".");
        }
        return value;
    }

    private void tail(String arn, long after, OutputStream client) throws IOException {
        OutputStream out = new BufferedOutputStream(client, 64 << 10);
        long last = after;
        while (streams.exists(arn)) {
            List<Fragment> batch = fragments.after(arn, last, BATCH);
            for (Fragment f : batch) {
                Map<String, String> trailer = new LinkedHashMap<>();
                trailer.put("AWS_KINESISVIDEO_MILLIS_BEHIND_NOW",
                        Long.toString(Math.max(0, clock.millis() - f.serverTimestamp().toEpochMilli())));
                trailer.put("AWS_KINESISVIDEO_CONTINUATION_TOKEN", f.numberText());
                stored.writeMkv(f, StoredFragments.fragmentTags(f), trailer, out);
                last = f.number();
            }
            // Flushing also finds out whether the client is still there while the stream is quiet.
            out.flush();
            if (batch.size() < BATCH) {
                try {
                    feed.await(arn, WAIT);
                } catch (InterruptedException e) {
                    throw new InterruptedIOException("server stopping");
                }
            }
        }
    }
}
