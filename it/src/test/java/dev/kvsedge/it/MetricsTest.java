package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.server.ServerConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;
import software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.HLSPlaybackMode;

/**
 * The Prometheus page of a server with {@code --metrics-port}, read after real calls: AWS SDK v2 control-plane and
 * playback calls, an SDK v1 PutMedia upload, HLS fetched as a player would, a forged signature and an agent's
 * long-poll. Each figure is what those calls must have made it.
 */
class MetricsTest {
    static TestServer server;
    static KinesisVideoClient kvs;
    static String metricsUrl;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServerConfig.defaults().withMetricsPort(0));
        kvs = server.client();
        metricsUrl = server.server.metricsUrl().orElseThrow();
    }

    @AfterAll
    static void stop() {
        kvs.close();
        server.close();
    }

    @Test
    void theMetricsAreOnTheirOwnPortInPrometheusTextFormatWithoutSignature() throws Exception {
        assertThat(metricsUrl).matches("http://127\\.0\\.0\\.1:\\d+/metrics")
                .doesNotContain(":" + server.server.port() + "/");
        kvs.listStreams(r -> {});
        MetricsPage page = MetricsPage.scrape(metricsUrl);

        assertThat(page.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        assertThat(page.text()).contains("# TYPE kvs_edge_requests_seconds histogram",
                "# TYPE kvs_edge_ingest_bytes_total counter", "# TYPE kvs_edge_edge_configurations gauge");
        assertThat(page.value("kvs_edge_build_info", "version", dev.kvsedge.server.ServerVersion.current()))
                .isEqualTo(1.0);
        assertThat(page.value("jvm_memory_used_bytes", "area", "heap", "id", "G1 Eden Space")).isNotNull();
        HttpResponse<String> elsewhere = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(metricsUrl.replace("/metrics", "/health"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
    }

    @Test
    void requestsAreCountedByOperationWithTheirLatencyAndTheirErrorsByCode() throws Exception {
        MetricsPage before = MetricsPage.scrape(metricsUrl);
        kvs.createStream(r -> r.streamName("counted").dataRetentionInHours(1));
        for (int i = 0; i < 3; i++) {
            kvs.describeStream(r -> r.streamName("counted"));
        }
        assertThatThrownBy(() -> kvs.describeStream(r -> r.streamName("missing")))
                .isInstanceOf(ResourceNotFoundException.class);
        try (KinesisVideoClient forger = server.client(Region.US_EAST_1, "test", "not-the-secret")) {
            assertThatThrownBy(() -> forger.listStreams(r -> {})).isInstanceOf(KinesisVideoException.class);
        }

        MetricsPage after = MetricsPage.scrape(metricsUrl);
        assertThat(delta(before, after, "kvs_edge_requests_seconds_count", "operation", "CreateStream", "service",
                "kinesisvideo"))
                .isEqualTo(1);
        assertThat(delta(before, after, "kvs_edge_requests_seconds_count", "operation", "DescribeStream", "service",
                "kinesisvideo"))
                .isEqualTo(4);
        assertThat(delta(before, after, "kvs_edge_request_errors_total", "code", "ResourceNotFoundException",
                "operation", "DescribeStream", "service", "kinesisvideo")).isEqualTo(1);
        assertThat(delta(before, after, "kvs_edge_auth_failures_total", "reason", "InvalidSignatureException"))
                .isEqualTo(1);
        assertThat(delta(before, after, "kvs_edge_request_errors_total", "code", "InvalidSignatureException",
                "operation", "unknown", "service", "kinesisvideo")).isEqualTo(1);
        double buckets = after.value("kvs_edge_requests_seconds_bucket", "le", "+Inf", "operation", "DescribeStream",
                "service", "kinesisvideo");
        assertThat(buckets).isEqualTo(after.value("kvs_edge_requests_seconds_count", "operation", "DescribeStream",
                "service", "kinesisvideo"));
        assertThat(delta(before, after, "kvs_edge_database_latency_seconds_count", "kind", "write"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUploadAndItsPlaybackShowInTheIngestAndPlaybackFigures() throws Exception {
        kvs.createStream(r -> r.streamName("metered-cam").dataRetentionInHours(24));
        byte[] mkv = TestMkv.stream(0, 1000, 2000, 3000);
        MetricsPage before = MetricsPage.scrape(metricsUrl);

        V1PutMedia.Result upload = V1PutMedia.upload(server.endpoint(), "metered-cam", Instant.now().minusSeconds(60),
                new ByteArrayInputStream(mkv), Duration.ofSeconds(30));
        assertThat(upload.ofType("PERSISTED")).hasSize(4);
        String hls;
        try (KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            hls = media
                    .getHLSStreamingSessionURL(r -> r.streamName("metered-cam").playbackMode(HLSPlaybackMode.ON_DEMAND)
                            .hlsFragmentSelector(s -> s.fragmentSelectorType("SERVER_TIMESTAMP").timestampRange(t -> t
                                    .startTimestamp(Instant.now().minusSeconds(3600))
                                    .endTimestamp(Instant.now().plusSeconds(60)))))
                    .hlsStreamingSessionURL();
        }
        long played = HlsFetch.concatenate(URI.create(hls)).length;

        MetricsPage after = awaitUploadEnded();
        assertThat(delta(before, after, "kvs_edge_ingest_uploads_total")).isEqualTo(1);
        assertThat(after.value("kvs_edge_ingest_uploads_active")).isEqualTo(0);
        assertThat(delta(before, after, "kvs_edge_ingest_bytes_total")).isEqualTo(mkv.length);
        assertThat(delta(before, after, "kvs_edge_ingest_fragments_total")).isEqualTo(4);
        assertThat(delta(before, after, "kvs_edge_ingest_persist_latency_seconds_count")).isEqualTo(4);
        assertThat(delta(before, after, "kvs_edge_ingest_errors_total", "error", "INVALID_MKV_DATA")).isZero();
        assertThat(delta(before, after, "kvs_edge_media_store_latency_seconds_count", "operation", "commit"))
                .isEqualTo(4);
        assertThat(delta(before, after, "kvs_edge_playback_sessions_total", "api", "HLS")).isEqualTo(1);
        assertThat(delta(before, after, "kvs_edge_playback_bytes_total", "api", "HLS")).isGreaterThan(played);
        assertThat(delta(before, after, "kvs_edge_requests_seconds_count", "operation", "PutMedia", "service",
                "kinesisvideo"))
                .isEqualTo(1);
        assertThat(delta(before, after, "kvs_edge_requests_seconds_count", "operation", "GetHLSMediaPlaylist",
                "service", "kinesisvideo")).isEqualTo(1);
    }

    @Test
    void edgeConfigurationsAreCountedBySyncStateAndWaitingAgentsByHub() throws Exception {
        String hub = EdgeFixtures.hub("metrics-hub");
        kvs.createStream(r -> r.streamName("edge-metered").dataRetentionInHours(24));
        TestAgent agent = TestAgent.mint(server, hub);
        kvs.startEdgeConfigurationUpdate(
                r -> r.streamName("edge-metered").edgeConfig(EdgeFixtures.weekdayRecording(hub)));

        MetricsPage syncing = MetricsPage.scrape(metricsUrl);
        long since = agent.waitForChanges(0, 0);
        String arn = kvs.describeStream(r -> r.streamName("edge-metered")).streamInfo().streamARN();
        agent.acknowledge(arn, EdgeFixtures.weekdayRecordingJson(hub), "RECEIVED", null);
        CompletableFuture<Long> polling = CompletableFuture.supplyAsync(() -> {
            try {
                return agent.waitForChanges(since, 20);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MetricsPage waiting = awaitValue("kvs_edge_agents_polling", 1.0);
        kvs.deleteEdgeConfiguration(r -> r.streamName("edge-metered")); // wakes the poll
        polling.get();
        MetricsPage deleting = MetricsPage.scrape(metricsUrl);

        assertThat(syncing.value("kvs_edge_edge_configurations", "sync_status", "SYNCING")).isEqualTo(1);
        assertThat(syncing.value("kvs_edge_edge_configurations", "sync_status", "IN_SYNC")).isZero();
        assertThat(waiting.value("kvs_edge_agents_polling")).isEqualTo(1);
        assertThat(waiting.value("kvs_edge_edge_configurations", "sync_status", "ACKNOWLEDGED")).isEqualTo(1);
        assertThat(deleting.value("kvs_edge_edge_configurations", "sync_status", "ACKNOWLEDGED")).isZero();
        assertThat(deleting.value("kvs_edge_edge_configurations", "sync_status", "DELETING")).isEqualTo(1);
        assertThat(deleting.value("kvs_edge_agents_polling")).isZero();
    }

    @Test
    void everyMetricOnThePageIsDocumentedAndEveryDocumentedOneIsOnThePage() throws Exception {
        assertThatThrownBy(() -> kvs.describeStream(r -> r.streamName("undocumented")))
                .isInstanceOf(ResourceNotFoundException.class);
        try (KinesisVideoClient forger = server.client(Region.US_EAST_1, "test", "wrong")) {
            assertThatThrownBy(() -> forger.listStreams(r -> {})).isInstanceOf(KinesisVideoException.class);
        }
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "metrics.md"));
        java.util.Set<String> documented = java.util.regex.Pattern.compile("`(kvs_edge_[a-z_]*[a-z])`").matcher(docs)
                .results().map(m -> m.group(1))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

        java.util.Set<String> exposed = java.util.regex.Pattern.compile("(?m)^# TYPE (kvs_edge_\\S+) ")
                .matcher(MetricsPage.scrape(metricsUrl).text()).results().map(m -> m.group(1))
                .filter(name -> !name.endsWith("_max")) // each histogram's maximum, documented once for all
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));

        assertThat(exposed).isEqualTo(documented);
    }

    @Test
    void aMetricsPortInUseStopsTheStartWithALineNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> TestServer.start(ServerConfig.defaults().withMetricsPort(taken.getLocalPort())))
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot serve metrics on 127.0.0.1:" + taken.getLocalPort()
                            + ": Address already in use (choose another --metrics-port)");
        }
    }

    private static double delta(MetricsPage before, MetricsPage after, String name, String... labels) {
        Double was = before.value(name, labels);
        Double is = after.value(name, labels);
        assertThat(is).as(name + " " + String.join(",", labels)).isNotNull();
        return is - (was == null ? 0 : was);
    }

    /** The upload's end is counted once its response is over, which the producer may see a moment before. */
    private static MetricsPage awaitUploadEnded() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        MetricsPage page = MetricsPage.scrape(metricsUrl);
        while (page.value("kvs_edge_ingest_uploads_active") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            page = MetricsPage.scrape(metricsUrl);
        }
        return page;
    }

    private static MetricsPage awaitValue(String name, double wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        MetricsPage page = MetricsPage.scrape(metricsUrl);
        while (!Double.valueOf(wanted).equals(page.value(name)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            page = MetricsPage.scrape(metricsUrl);
        }
        return page;
    }
}
