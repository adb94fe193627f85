package dev.kvsedge.agent.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.StartupException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The agent's own small HTTP endpoint: {@code GET /health} (JSON, see {@link AgentHealth}: 200 when UP, 503 when
 * DEGRADED or CREDENTIALS_REJECTED, with the reason and the failing jobs) and {@code GET /metrics} (Prometheus text:
 * jobs, segments, bytes, size cap use, pending uploads, camera reconnects, and the counters). The JDK's built-in
 * server: nothing to add to a device.
 */
public final class StatusServer implements AutoCloseable {
    private final HttpServer server;
    private final Supplier<List<StreamGauges>> gauges;
    private final Supplier<List<StreamStatus>> statuses;
    private final AgentMetrics metrics;
    private final SyncHealth sync;

    private StatusServer(HttpServer server, Supplier<List<StreamGauges>> gauges, Supplier<List<StreamStatus>> statuses,
            AgentMetrics metrics, SyncHealth sync) {
        this.server = server;
        this.gauges = gauges;
        this.statuses = statuses;
        this.metrics = metrics;
        this.sync = sync;
    }

    /**
     * @param address where to listen; port 0 picks a free one
     * @param statuses each running stream's recorder and uploader status
     */
    public static StatusServer start(InetSocketAddress address, Supplier<List<StreamGauges>> gauges,
            Supplier<List<StreamStatus>> statuses, AgentMetrics metrics, SyncHealth sync)
            throws IOException {
        HttpServer http;
        try {
            http = HttpServer.create(address, 16);
        } catch (BindException e) {
            throw new StartupException(StartupException.Kind.UNAVAILABLE, "--status-port",
                    Integer.toString(address.getPort()),
                    "in use by another program; choose another port (0 picks a free one)", e);
        }
        StatusServer status = new StatusServer(http, gauges, statuses, metrics, sync);
        http.createContext("/health", status::health);
        http.createContext("/metrics", status::metrics);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.start();
        return status;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The /health body: the health, and the sync's state as numbers a monitor can graph. */
    private record HealthPage(String status, String reason, boolean serverReachable, String lastSync,
            int consecutiveSyncFailures, int streams, List<AgentHealth.Problem> problems) {}

    private void health(HttpExchange exchange) throws IOException {
        List<StreamStatus> streams = statuses.get();
        AgentHealth health = AgentHealth.of(sync, streams);
        HealthPage page = new HealthPage(health.status().name(), health.reason(), sync.serverReachable(),
                sync.lastSuccess() == null ? null : sync.lastSuccess().toString(), sync.consecutiveFailures(),
                streams.size(),
                health.problems());
        send(exchange, health.status() == AgentHealth.Status.UP ? 200 : 503, "application/json",
                ApiJson.mapper().writeValueAsString(page) + "\n");
    }

    private void metrics(HttpExchange exchange) throws IOException {
        send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", render());
    }

    /** The /metrics page. */
    String render() {
        List<StreamGauges> streams = gauges.get();
        PrometheusText text = new PrometheusText();
        text.family("streams", "gauge", "Streams whose edge configuration runs on this agent.").sample(streams.size());
        text.family("jobs_running", "gauge", "Recorders and uploaders running now.")
                .sample(Map.of("job", "recorder"), streams.stream().filter(StreamGauges::recording).count())
                .sample(Map.of("job", "uploader"), streams.stream().filter(StreamGauges::uploading).count());
        perStream(text.family("segments", "gauge", "Complete segments held locally."), streams, StreamGauges::segments);
        perStream(text.family("local_media_bytes", "gauge", "Bytes of the segments held locally."), streams,
                StreamGauges::bytes);
        text.family("local_media_cap_percent", "gauge",
                "Local media in percent of MaxLocalMediaSizeInMB (streams with a cap).");
        streams.stream().filter(s -> s.capBytes() >= 0)
                .forEach(s -> text.sample(Map.of("stream", s.streamArn()), s.capPercent()));
        perStream(text.family("uploads_pending", "gauge", "Segments waiting to be uploaded."), streams,
                StreamGauges::pendingUploads);
        perStream(
                text.family("camera_reconnects_total", "counter",
                        "Times the recorder reconnected to the camera since the stream's jobs started."),
                streams, StreamGauges::cameraReconnects);
        text.family("sync_server_reachable", "gauge", "1 when the last sync round reached the server.")
                .sample(sync.serverReachable() ? 1 : 0);
        text.family("sync_last_success_timestamp_seconds", "gauge", "When a sync round last went through.")
                .sample(sync.lastSuccess() == null ? 0 : sync.lastSuccess().getEpochSecond());
        String current = null;
        for (Map.Entry<AgentMetrics.Series, Long> e : metrics.snapshot().entrySet()) {
            if (!e.getKey().name().equals(current)) {
                current = e.getKey().name();
                text.family(current, "counter", "Agent counter " + current + ".");
            }
            text.sample(e.getKey().labels(), e.getValue());
        }
        return text.toString();
    }

    private static void perStream(PrometheusText text, List<StreamGauges> streams,
            java.util.function.ToLongFunction<StreamGauges> value) {
        streams.forEach(s -> text.sample(Map.of("stream", s.streamArn()), value.applyAsLong(s)));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
