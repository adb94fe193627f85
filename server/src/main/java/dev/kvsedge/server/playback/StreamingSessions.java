package dev.kvsedge.server.playback;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.media.MediaShapes.GetDASHStreamingSessionURLRequest;
import dev.kvsedge.model.media.MediaShapes.GetDASHStreamingSessionURLResponse;
import dev.kvsedge.model.media.MediaShapes.GetHLSStreamingSessionURLRequest;
import dev.kvsedge.model.media.MediaShapes.GetHLSStreamingSessionURLResponse;
import dev.kvsedge.model.media.MediaShapes.PlaybackFragmentSelector;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * GetHLSStreamingSessionURL and GetDASHStreamingSessionURL: check the request against the stream's media, then
 * hand out a URL whose token carries the session. Also lists a session's fragments for its playlists.
 */
public final class StreamingSessions {
    static final Instant FOREVER = Instant.parse("9999-12-31T23:59:59Z");
    /** ON_DEMAND ranges are at most 24 hours long, as on AWS. */
    private static final Duration MAX_ON_DEMAND = Duration.ofHours(24);
    /** How far back a LIVE playlist looks for its newest fragments. */
    private static final Duration LIVE_WINDOW = Duration.ofMinutes(5);

    private final StreamService streams;
    private final FragmentStore fragments;
    private final StoredFragments stored;
    private final SessionTokens tokens;
    private final Clock clock;
    private final Supplier<String> publicUrl;

    StreamingSessions(StreamService streams, FragmentStore fragments, StoredFragments stored, SessionTokens tokens,
            Clock clock,
            Supplier<String> publicUrl) {
        this.streams = streams;
        this.fragments = fragments;
        this.stored = stored;
        this.tokens = tokens;
        this.clock = clock;
        this.publicUrl = publicUrl;
    }

    public GetHLSStreamingSessionURLResponse hls(Scope scope, GetHLSStreamingSessionURLRequest r) {
        String container = r.containerFormat() == null ? "FRAGMENTED_MP4" : r.containerFormat();
        PlaybackFragmentSelector selector = r.hlsFragmentSelector();
        String selectorType = selector == null || selector.fragmentSelectorType() == null
                ? "SERVER_TIMESTAMP"
                : selector.fragmentSelectorType();
        // AWS's default: a discontinuity at every fragment on the server's time line, none on the producer's.
        String discontinuity = r.discontinuityMode() != null
                ? r.discontinuityMode()
                : selectorType.equals("SERVER_TIMESTAMP") ? "ALWAYS" : "NEVER";
        PlaybackSession session = open(scope, r, "HLS", r.playbackMode(), container, selector, selectorType,
                discontinuity,
                r.expires(), r.maxMediaPlaylistFragmentResults(), "ALWAYS".equals(r.displayFragmentTimestamp()));
        return new GetHLSStreamingSessionURLResponse(publicUrl.get() + PlaybackRoutes.HLS_MASTER + "?SessionToken="
                + tokens.seal(session));
    }

    public GetDASHStreamingSessionURLResponse dash(Scope scope, GetDASHStreamingSessionURLRequest r) {
        PlaybackFragmentSelector selector = r.dashFragmentSelector();
        String selectorType = selector == null || selector.fragmentSelectorType() == null
                ? "SERVER_TIMESTAMP"
                : selector.fragmentSelectorType();
        PlaybackSession session = open(scope, r, "DASH", r.playbackMode(), "FRAGMENTED_MP4", selector, selectorType,
                "NEVER",
                r.expires(), r.maxManifestFragmentResults(), false);
        return new GetDASHStreamingSessionURLResponse(publicUrl.get() + PlaybackRoutes.DASH_MANIFEST + "?SessionToken="
                + tokens.seal(session));
    }

    private PlaybackSession open(Scope scope, dev.kvsedge.model.streams.StreamShapes.StreamReference ref,
            String protocol,
            @Nullable String requestedMode, String container, @Nullable PlaybackFragmentSelector selector,
            String selectorType, String discontinuity, @Nullable Integer expires,
            @Nullable Long maxFragments, boolean programDateTime) {
        Stream stream = streams.requireStream(scope, ref);
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name()
                    + " keeps no media (data retention 0 hours), so it cannot be played back.");
        }
        String mode = requestedMode == null ? "LIVE" : requestedMode;
        Instant start = selector == null || selector.timestampRange() == null
                ? null
                : selector.timestampRange().startTimestamp();
        Instant end = selector == null || selector.timestampRange() == null
                ? null
                : selector.timestampRange().endTimestamp();
        switch (mode) {
            case "LIVE" -> {
                if (start != null || end != null) {
                    throw ApiException.invalidArgument("A LIVE session takes no TimestampRange.");
                }
            }
            case "LIVE_REPLAY" -> {
                if (start == null) {
                    throw ApiException
                            .invalidArgument("A LIVE_REPLAY session needs the TimestampRange's StartTimestamp.");
                }
            }
            default -> {
                if (start == null || end == null) {
                    throw ApiException
                            .invalidArgument("An ON_DEMAND session needs a TimestampRange with both timestamps.");
                }
                if (Duration.between(start, end).compareTo(MAX_ON_DEMAND) > 0) {
                    throw ApiException.invalidArgument("An ON_DEMAND TimestampRange spans at most 24 hours.");
                }
            }
        }
        if (start != null && end != null && !end.isAfter(start)) {
            throw ApiException.invalidArgument("The TimestampRange's EndTimestamp must be after its StartTimestamp.");
        }
        long max = maxFragments != null ? maxFragments : mode.equals("LIVE") ? 5 : 1000;
        Instant expiry = clock.instant().plusSeconds(expires == null ? 300 : expires);
        PlaybackSession session = new PlaybackSession(protocol, stream.arn(), mode, container, selectorType,
                discontinuity, start,
                end, max, expiry, 0, programDateTime);
        List<Fragment> listed = fragmentsOf(session);
        if (listed.isEmpty()) {
            throw ApiException.notFound("No fragments found in the stream for the streaming request.");
        }
        try {
            Remuxable.check(stored.decode(listed.getFirst()).tracks());
        } catch (IOException e) {
            throw ApiException.notFound("The stream's first fragment of the request is no longer stored.");
        } catch (RuntimeException e) {
            if (Remuxable.unplayable(e)) {
                throw Remuxable.unplayable("The fragment " + listed.getFirst().number(), e);
            }
            throw e;
        }
        return session.live() ? session.withOrigin(listed.getFirst().number()) : session;
    }

    /** The fragments a playlist or manifest of the session lists now, in time order. */
    List<Fragment> fragmentsOf(PlaybackSession session) {
        TimeKind kind = session.selector().equals("PRODUCER_TIMESTAMP") ? TimeKind.PRODUCER : TimeKind.SERVER;
        int max = (int) Math.min(5000, session.maxFragments());
        if (!session.live()) {
            return fragments.inRange(session.streamArn(), kind, session.rangeStart(),
                    session.end() == null ? FOREVER : session.end(),
                    null, null, max);
        }
        List<Fragment> recent = fragments.inRange(session.streamArn(), TimeKind.SERVER,
                clock.instant().minus(LIVE_WINDOW),
                FOREVER, null, null, 10_000);
        if (recent.isEmpty()) {
            return fragments.latest(session.streamArn()).map(List::of).orElse(List.of());
        }
        // In number order, the order fragments become visible: a fragment never appears before one already listed,
        // so each keeps its media sequence number (sequenceOf counts numbers) and a reloading player skips none.
        recent = new ArrayList<>(recent);
        recent.sort(Comparator.comparingLong(Fragment::number));
        return recent.subList(Math.max(0, recent.size() - max), recent.size());
    }

    /**
     * Whether a playlist or manifest of the session can list the fragment: for a fixed range, a fragment whose selected
     * timestamp lies in it (compared in milliseconds, as the index selects); for LIVE, one its window held since the
     * session began, which is every fragment from the first it listed on (numbers grow in the order fragments become
     * visible, so each later one was the newest in the window once).
     */
    boolean lists(PlaybackSession session, Fragment fragment) {
        if (!fragment.streamArn().equals(session.streamArn())) {
            return false;
        }
        if (session.live()) {
            return fragment.number() >= session.originNumber();
        }
        long at = (session.selector().equals("PRODUCER_TIMESTAMP")
                ? fragment.producerTimestamp()
                : fragment.serverTimestamp())
                .toEpochMilli();
        Instant end = session.end() == null ? FOREVER : session.end();
        return at >= session.rangeStart().toEpochMilli() && at <= end.toEpochMilli();
    }

    /**
     * The media sequence number of a playlist's first segment: 0 for a fixed range; for LIVE, how many fragments
     * came between the session's first and this one, so each segment keeps its number across reloads.
     */
    long sequenceOf(PlaybackSession session, Fragment first) {
        return session.live() ? fragments.count(session.streamArn(), session.originNumber(), first.number()) : 0;
    }
}
