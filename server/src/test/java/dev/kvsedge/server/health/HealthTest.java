package dev.kvsedge.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.blob.S3ProxyServer;
import dev.kvsedge.server.store.EmbeddedPostgresCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /health on a running server: what it says when all is well, and when the database or the S3 store is gone. */
class HealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void aServerThatReachesItsStoresIsUpWithoutAnySignature() throws Exception {
        try (KvsEdgeServer server = start(ServerConfig.defaults())) {
            HttpResponse<String> response = get(server);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            JsonNode health = JSON.readTree(response.body());
            assertThat(fieldNames(health)).containsExactly("status", "version", "uptimeSeconds", "database",
                    "mediaStore");
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+.*");
            assertThat(health.get("uptimeSeconds").asLong()).isBetween(0L, 600L);
            for (String dependency : List.of("database", "mediaStore")) {
                assertThat(health.get(dependency).get("reachable").asBoolean()).as(dependency).isTrue();
                assertThat(health.get(dependency).get("latencyMillis").asDouble()).as(dependency).isBetween(0.0,
                        2000.0);
            }
            // Nothing about where the data is, let alone how to get in.
            assertThat(response.body()).doesNotContain(dataDir.toString(), "test", "jdbc");
        }
    }

    @Test
    void onlyGetAndHeadReadIt() throws Exception {
        try (KvsEdgeServer server = start(ServerConfig.defaults())) {
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(health(server))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> head = http.send(HttpRequest.newBuilder(health(server))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("x-amzn-ErrorType")).contains("MethodNotAllowedException");
            assertThat(head.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void isDownWhileThePostgresqlDatabaseRefusesConnectionsAndUpWhenItIsBack() throws Exception {
        String url = EmbeddedPostgresCluster.newDatabaseUrl();
        String database = URI.create(url.substring("jdbc:".length())).getPath().substring(1);
        try (KvsEdgeServer server = start(ServerConfig.defaults().withDatabase(url))) {
            assertThat(get(server).statusCode()).isEqualTo(200);

            EmbeddedPostgresCluster.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            EmbeddedPostgresCluster.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
                    + database + "'");
            try {
                HttpResponse<String> down = get(server);
                assertThat(down.statusCode()).isEqualTo(503);
                JsonNode health = JSON.readTree(down.body());
                assertThat(health.get("status").asText()).isEqualTo("DOWN");
                assertThat(health.get("database").get("reachable").asBoolean()).isFalse();
                assertThat(health.get("database").has("latencyMillis")).isFalse();
                assertThat(health.get("mediaStore").get("reachable").asBoolean()).isTrue();
                assertThat(down.body()).doesNotContain("secret", "postgres", "jdbc");
            } finally {
                EmbeddedPostgresCluster.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
            assertThat(awaitStatus(server, 200, Duration.ofSeconds(60))).isEqualTo(200);
        }
    }

    @Test
    void isDownWhenTheS3StoreIsUnreachable() throws Exception {
        S3ProxyServer s3 = new S3ProxyServer("media");
        boolean s3Stopped = false;
        S3Config bucket = S3Config.forEndpoint(S3Location.parse("s3://media"), s3.endpoint(), S3ProxyServer.REGION,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
        try (KvsEdgeServer server = start(ServerConfig.defaults().withMedia(MediaConfig.DEFAULTS.withS3(bucket)))) {
            assertThat(get(server).statusCode()).isEqualTo(200);

            s3.close();
            s3Stopped = true;

            HttpResponse<String> down = get(server);
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode health = JSON.readTree(down.body());
            assertThat(health.get("mediaStore").get("reachable").asBoolean()).isFalse();
            assertThat(health.get("database").get("reachable").asBoolean()).isTrue();
            assertThat(down.body()).doesNotContain(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "s3://");
        } finally {
            if (!s3Stopped) {
                s3.close();
            }
        }
    }

    private KvsEdgeServer start(ServerConfig config) throws Exception {
        return KvsEdgeServer.start(config.withPort(0).withDataDir(dataDir), Clock.systemUTC());
    }

    private static URI health(KvsEdgeServer server) {
        return URI.create(server.url() + "/health");
    }

    private HttpResponse<String> get(KvsEdgeServer server) throws Exception {
        return http.send(HttpRequest.newBuilder(health(server)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int awaitStatus(KvsEdgeServer server, int wanted, Duration patience) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        int status;
        do {
            status = get(server).statusCode();
            if (status != wanted) {
                Thread.sleep(200);
            }
        } while (status != wanted && System.nanoTime() < deadline);
        return status;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
