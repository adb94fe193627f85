package dev.kvsedge.server.playback;

import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.media.MediaShapes.GetClipRequest;
import dev.kvsedge.model.media.MediaShapes.GetDASHStreamingSessionURLRequest;
import dev.kvsedge.model.media.MediaShapes.GetHLSStreamingSessionURLRequest;
import dev.kvsedge.model.media.MediaShapes.GetMediaForFragmentListRequest;
import dev.kvsedge.model.media.MediaShapes.GetMediaRequest;
import dev.kvsedge.model.media.MediaShapes.ListFragmentsRequest;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.http.RawRoute;
import dev.kvsedge.server.streams.StreamService;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** The reading side of the data plane, wired: the archived-media and media operations and the playback URLs. */
public final class Playback {
    private final FragmentReads reads;
    private final LiveMedia live;
    private final Clips clips;
    private final StreamingSessions sessions;
    private final PlaybackRoutes routes;
    private final PlaybackMeters meters;

    public Playback(StreamService streams, FragmentStore fragments, BlobStore blobs, FragmentFeed feed, SecretBox box,
            Clock clock,
            Supplier<String> publicUrl, MeterRegistry registry) {
        StoredFragments stored = new StoredFragments(blobs);
        SessionTokens tokens = new SessionTokens(box, clock);
        this.reads = new FragmentReads(streams, fragments, stored);
        this.live = new LiveMedia(streams, fragments, stored, feed, clock);
        this.clips = new Clips(streams, fragments, stored);
        this.sessions = new StreamingSessions(streams, fragments, stored, tokens, clock, publicUrl);
        this.routes = new PlaybackRoutes(sessions, tokens, fragments, stored);
        this.meters = new PlaybackMeters(registry);
    }

    /** kinesis-video-archived-media's operations. */
    public Operations archivedMedia() {
        return new Operations()
                .add("ListFragments", ListFragmentsRequest.class, reads::list)
                .add("GetMediaForFragmentList", GetMediaForFragmentListRequest.class,
                        (scope, r) -> meters.download("GetMediaForFragmentList", reads.mediaForFragmentList(scope, r)))
                .add("GetClip", GetClipRequest.class, (scope, r) -> meters.download("GetClip", clips.clip(scope, r)))
                .add("GetHLSStreamingSessionURL", GetHLSStreamingSessionURLRequest.class,
                        (scope, r) -> meters.session("HLS", sessions.hls(scope, r)))
                .add("GetDASHStreamingSessionURL", GetDASHStreamingSessionURLRequest.class,
                        (scope, r) -> meters.session("DASH", sessions.dash(scope, r)));
    }

    /** kinesis-video-media's one operation. */
    public Operations media() {
        return new Operations().add("GetMedia", GetMediaRequest.class,
                (scope, r) -> meters.download("GetMedia", live.media(scope, r)));
    }

    /** The unsigned HLS and DASH URLs, by path. */
    public Map<String, RawRoute> routes() {
        return routes.routes().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
                e -> meters.counted(e.getKey().startsWith("/hls/") ? "HLS" : "DASH", e.getValue())));
    }
}
