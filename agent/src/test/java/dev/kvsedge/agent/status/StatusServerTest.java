package dev.kvsedge.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /health and /metrics as a monitoring system reads them. */
class StatusServerTest {
    private static final String CAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1700000000000";
    private static final String DOOR = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/door/1700000000000";

    private static HttpResponse<String> get(StatusServer server, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.address().getPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsShowJobsSegmentsBytesCapUsePendingUploadsReconnectsAndCounters() throws Exception {
        AgentMetrics metrics = new AgentMetrics();
        metrics.increment(AgentMetrics.SEGMENTS_DELETED, CAM, "retention");
        metrics.add(AgentMetrics.FRAGMENTS_PERSISTED, java.util.Map.of("stream", CAM), 42);
        SyncHealth sync = new SyncHealth();
        sync.succeeded(Instant.ofEpochSecond(1_795_700_000L));
        List<StreamGauges> gauges = List.of(
                new StreamGauges(CAM, true, false, 12, 3_000_000, 4_000_000, 5, 2),
                new StreamGauges(DOOR, false, true, 1, 10, -1, 0, 0));
        try (StatusServer server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), () -> gauges, List::of,
                metrics, sync)) {
            HttpResponse<String> response = get(server, "/metrics");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(response.body()).contains(
                    "kvs_edge_agent_streams 2\n",
                    "kvs_edge_agent_jobs_running{job=\"recorder\"} 1\n",
                    "kvs_edge_agent_jobs_running{job=\"uploader\"} 1\n",
                    "kvs_edge_agent_segments{stream=\"" + CAM + "\"} 12\n",
                    "kvs_edge_agent_local_media_bytes{stream=\"" + CAM + "\"} 3000000\n",
                    "kvs_edge_agent_local_media_cap_percent{stream=\"" + CAM + "\"} 75\n",
                    "kvs_edge_agent_uploads_pending{stream=\"" + CAM + "\"} 5\n",
                    "kvs_edge_agent_camera_reconnects_total{stream=\"" + CAM + "\"} 2\n",
                    "kvs_edge_agent_sync_server_reachable 1\n",
                    "kvs_edge_agent_sync_last_success_timestamp_seconds 1795700000\n",
                    "# TYPE kvs_edge_agent_fragments_persisted_total counter\n",
                    "kvs_edge_agent_fragments_persisted_total{stream=\"" + CAM + "\"} 42\n",
                    "kvs_edge_agent_segments_deleted_total{reason=\"retention\",stream=\"" + CAM + "\"} 1\n");
            assertThat(response.body()).doesNotContain("local_media_cap_percent{stream=\"" + DOOR);
        }
    }

    @Test
    void healthIsUpOnlyWhenTheServerIsReachedAndEveryJobIsWell() throws Exception {
        SyncHealth sync = new SyncHealth();
        List<StreamStatus> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        statuses.add(
                new StreamStatus(CAM, JobStatus.success("Recording rtsp://cam", t), JobStatus.success("Uploaded", t)));
        try (StatusServer server = StatusServer.start(new InetSocketAddress("127.0.0.1", 0), List::of, () -> statuses,
                new AgentMetrics(), sync)) {
            HttpResponse<String> starting = get(server, "/health");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.body()).contains("\"Status\":\"DEGRADED\"", "not been in touch with the server yet",
                    "\"ServerReachable\":false");

            sync.succeeded(t);
            HttpResponse<String> up = get(server, "/health");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body())
                    .contains("\"Status\":\"UP\"", "\"ServerReachable\":true", "\"LastSync\":\"2026-11-26T10:00:00Z\"",
                            "\"Streams\":1")
                    .doesNotContain("Reason");

            statuses.add(new StreamStatus(DOOR, JobStatus.success("Recording", t),
                    JobStatus.userError("The server refused to take the segment: PutMedia answered 403", t)));
            HttpResponse<String> degraded = get(server, "/health");
            assertThat(degraded.statusCode()).isEqualTo(503);
            assertThat(degraded.body()).contains("\"Status\":\"DEGRADED\"",
                    "\"Reason\":\"A job fails: the uploader of " + DOOR + " (USER_ERROR): The server refused",
                    "\"Problems\":[{\"Stream\":\"" + DOOR + "\",\"Job\":\"Uploader\",\"Status\":\"USER_ERROR\"");

            statuses.removeLast();
            sync.failed(SyncHealth.State.UNREACHABLE, t.plusSeconds(5),
                    "Cannot reach the server at http://kvs:8670: connection refused");
            HttpResponse<String> away = get(server, "/health");
            assertThat(away.statusCode()).isEqualTo(503);
            assertThat(away.body()).contains("\"Status\":\"DEGRADED\"", "\"ServerReachable\":false",
                    "\"ConsecutiveSyncFailures\":1",
                    "\"Reason\":\"Cannot reach the server at http://kvs:8670: connection refused\"");

            sync.failed(SyncHealth.State.CREDENTIALS_REJECTED, t.plusSeconds(6),
                    "The server refused the agent's credentials");
            assertThat(get(server, "/health").body()).contains("\"Status\":\"CREDENTIALS_REJECTED\"",
                    "\"Reason\":\"The server refused the agent's credentials\"");
        }
    }
}
