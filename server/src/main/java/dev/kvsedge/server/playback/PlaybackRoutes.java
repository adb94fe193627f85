package dev.kvsedge.server.playback;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mp4.Fmp4Writer;
import dev.kvsedge.media.mp4.RemuxTracks;
import dev.kvsedge.media.ts.TsWriter;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.sigv4.QueryString;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.http.ApiRequest;
import dev.kvsedge.server.http.ApiResponse;
import dev.kvsedge.server.http.RawRoute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The URLs behind an HLS or DASH session: playlists, manifests, init and media segments. Browsers fetch them
 * without signing, so the SessionToken is the credential, and responses allow any origin (as AWS's do) so
 * players on web pages can read them.
 */
public final class PlaybackRoutes {
    static final String HLS_MASTER = "/hls/v1/getHLSMasterPlaylist.m3u8";
    static final String DASH_MANIFEST = "/dash/v1/getDASHManifest.mpd";
    private static final String M3U8 = "application/vnd.apple.mpegurl";

    private final StreamingSessions sessions;
    private final SessionTokens tokens;
    private final FragmentStore fragments;
    private final StoredFragments stored;

    PlaybackRoutes(StreamingSessions sessions, SessionTokens tokens, FragmentStore fragments, StoredFragments stored) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.fragments = fragments;
        this.stored = stored;
    }

    public Map<String, RawRoute> routes() {
        return Map.of(
                HLS_MASTER, route("HLS", this::hlsMaster),
                "/hls/v1/getHLSMediaPlaylist.m3u8", route("HLS", this::hlsMedia),
                "/hls/v1/getMP4InitFragment.mp4", route("HLS", this::init),
                "/hls/v1/getMP4MediaFragment.mp4", route("HLS", this::mp4Fragment),
                "/hls/v1/getTSFragment.ts", route("HLS", this::tsFragment),
                DASH_MANIFEST, route("DASH", this::dashManifest),
                "/dash/v1/getMP4InitFragment.mp4", route("DASH", this::init),
                "/dash/v1/getMP4MediaFragment.mp4", route("DASH", this::mp4Fragment));
    }

    @FunctionalInterface
    private interface Page {
        ApiResponse serve(PlaybackSession session, String token, QueryString query, String requestId)
                throws IOException;
    }

    private RawRoute route(String protocol, Page page) {
        return new RawRoute() {
            @Override
            public boolean signed() {
                return false;
            }

            @Override
            public boolean agentsAllowed() {
                return false;
            }

            @Override
            public ApiResponse handle(Caller caller, ApiRequest request, String requestId) {
                if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
                    throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Playback URLs are read with GET.");
                }
                QueryString query = QueryString.parse(request.rawQuery());
                String token = Objects.requireNonNullElse(query.get("SessionToken"), ""); // "" is refused as missing
                PlaybackSession session = tokens.open(token);
                if (!session.protocol().equals(protocol)) {
                    throw new ApiException(ErrorCode.NOT_AUTHORIZED,
                            "The SessionToken is for " + session.protocol() + ", not "
                                    + protocol + ".");
                }
                try {
                    return page.serve(session, token, query, requestId);
                } catch (IOException e) {
                    throw ApiException
                            .notFound("The media is no longer stored (it may have passed the stream's retention).");
                } catch (RuntimeException e) {
                    if (Remuxable.unplayable(e)) {
                        throw Remuxable.unplayable("The session's media", e);
                    }
                    throw e;
                }
            }
        };
    }

    private ApiResponse hlsMaster(PlaybackSession session, String token, QueryString query, String requestId)
            throws IOException {
        List<Fragment> listed = listed(session);
        StreamingFacts facts = facts(listed);
        return text(M3U8,
                HlsPlaylists.master(session, token, facts.codecs(), facts.width(), facts.height(), facts.bandwidth()),
                requestId);
    }

    private ApiResponse hlsMedia(PlaybackSession session, String token, QueryString query, String requestId) {
        List<Fragment> listed = listed(session);
        return text(M3U8, HlsPlaylists.media(session, token, listed, sessions.sequenceOf(session, listed.getFirst())),
                requestId);
    }

    private ApiResponse dashManifest(PlaybackSession session, String token, QueryString query, String requestId)
            throws IOException {
        List<Fragment> listed = listed(session);
        StreamingFacts facts = facts(listed);
        return text("application/dash+xml",
                DashManifests.manifest(session, token, listed, facts.codecs(), facts.width(),
                        facts.height(), facts.bandwidth()),
                requestId);
    }

    private ApiResponse init(PlaybackSession session, String token, QueryString query, String requestId)
            throws IOException {
        List<Track> tracks = stored.decode(listed(session).getFirst()).tracks();
        return binary("video/mp4", Fmp4Writer.initSegment(tracks), requestId);
    }

    private ApiResponse mp4Fragment(PlaybackSession session, String token, QueryString query, String requestId)
            throws IOException {
        StoredFragments.Decoded decoded = stored.decode(fragment(session, query));
        Remuxable.check(decoded.tracks());
        return binary("video/mp4", Fmp4Writer.mediaSegment(1, decoded.tracks(), decoded.frames()), requestId);
    }

    private ApiResponse tsFragment(PlaybackSession session, String token, QueryString query, String requestId)
            throws IOException {
        StoredFragments.Decoded decoded = stored.decode(fragment(session, query));
        Remuxable.check(decoded.tracks());
        return binary("video/MP2T", TsWriter.segment(decoded.tracks(), decoded.frames()), requestId);
    }

    private List<Fragment> listed(PlaybackSession session) {
        List<Fragment> listed = sessions.fragmentsOf(session);
        if (listed.isEmpty()) {
            throw ApiException.notFound("No fragments found in the stream for the streaming request.");
        }
        return listed;
    }

    /** The fragment a segment URL names, if the session's playlist or manifest can list it: the token grants no more. */
    private Fragment fragment(PlaybackSession session, QueryString query) {
        long number = FragmentNumberText.parse(query.get("FragmentNumber"));
        List<Fragment> found = fragments.byNumbers(session.streamArn(), List.of(number));
        if (found.isEmpty()) {
            throw ApiException.notFound("No fragment " + number + " in the session's stream.");
        }
        if (!sessions.lists(session, found.getFirst())) {
            throw new ApiException(ErrorCode.ACCESS_DENIED,
                    "The fragment " + number + " is not part of this streaming session.");
        }
        return found.getFirst();
    }

    /** What the master playlist and the manifest say of the media: codecs, size, and the peak bit rate listed. */
    private record StreamingFacts(String codecs, int width, int height, long bandwidth) {}

    private StreamingFacts facts(List<Fragment> listed) throws IOException {
        List<Track> tracks = stored.decode(listed.getFirst()).tracks();
        Remuxable.check(tracks);
        RemuxTracks remux = RemuxTracks.of(tracks);
        long peak = 1;
        for (Fragment f : listed) {
            peak = Math.max(peak, f.mediaSize() * 8_000 / Math.max(1, f.durationMillis()));
        }
        return new StreamingFacts(remux.codecs(), remux.video().width(), remux.video().height(), peak);
    }

    private static ApiResponse text(String type, String body, String requestId) {
        return binary(type, body.getBytes(StandardCharsets.UTF_8), requestId);
    }

    private static ApiResponse binary(String type, byte[] body, String requestId) {
        return new ApiResponse(200, Map.of("Content-Type", type, "x-amzn-RequestId", requestId,
                "Access-Control-Allow-Origin", "*"), body);
    }
}
