package dev.kvsedge.server.playback;

import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.http.ApiRequest;
import dev.kvsedge.server.http.ApiResponse;
import dev.kvsedge.server.http.MediaOutput;
import dev.kvsedge.server.http.RawRoute;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Playback for the metrics, by API (HLS, DASH, GetMedia, GetClip, GetMediaForFragmentList): sessions begun (a
 * streaming session URL issued, or a media download started), media bytes sent (HLS and DASH pages and segments,
 * the downloads' bodies), and downloads in progress. It wraps what the playback operations return, so they need
 * not know about it.
 */
final class PlaybackMeters {
    private final MeterRegistry registry;
    private final Map<String, Counter> sessions = new ConcurrentHashMap<>();
    private final Map<String, Counter> bytes = new ConcurrentHashMap<>();
    private final AtomicInteger streaming = new AtomicInteger();

    PlaybackMeters(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("kvs.edge.playback.downloads.active", streaming, AtomicInteger::get)
                .description(
                        "Media downloads in progress: GetMedia (live tails included), GetClip, GetMediaForFragmentList.")
                .register(registry);
        for (String api : new String[] {"HLS", "DASH", "GetMedia", "GetClip", "GetMediaForFragmentList"}) {
            sessions(api);
            bytes(api);
        }
    }

    /** A streaming session URL was issued. */
    <T> T session(String api, T response) {
        sessions(api).increment();
        return response;
    }

    /** A media download begins: counted now, its bytes as they are written. */
    MediaOutput download(String api, MediaOutput media) {
        sessions(api).increment();
        Counter sent = bytes(api);
        return new MediaOutput(media.contentType(), out -> {
            streaming.incrementAndGet();
            try {
                media.body().writeTo(new CountingOutputStream(out, sent));
            } finally {
                streaming.decrementAndGet();
            }
        });
    }

    /** An HLS or DASH URL whose served bodies count as that API's bytes. */
    RawRoute counted(String api, RawRoute route) {
        Counter sent = bytes(api);
        return new RawRoute() {
            @Override
            public boolean signed() {
                return route.signed();
            }

            @Override
            public boolean agentsAllowed() {
                return route.agentsAllowed();
            }

            @Override
            public ApiResponse handle(Caller caller, ApiRequest request, String requestId) {
                ApiResponse response = route.handle(caller, request, requestId);
                if (response.status() == 200 && !request.method().equals("HEAD")) {
                    sent.increment(response.body().length);
                }
                return response;
            }
        };
    }

    private Counter sessions(String api) {
        return sessions.computeIfAbsent(api, a -> Counter.builder("kvs.edge.playback.sessions").tag("api", a)
                .description("Playback begun: HLS and DASH streaming session URLs issued, media downloads started.")
                .register(registry));
    }

    private Counter bytes(String api) {
        return bytes.computeIfAbsent(api, a -> Counter.builder("kvs.edge.playback.bytes").tag("api", a)
                .description(
                        "Media bytes sent: HLS and DASH playlists, manifests and segments, and the downloads' bodies.")
                .register(registry));
    }

    private static final class CountingOutputStream extends OutputStream {
        private final OutputStream out;
        private final Counter sent;

        CountingOutputStream(OutputStream out, Counter sent) {
            this.out = out;
            this.sent = sent;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sent.increment();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sent.increment(len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
