package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.StreamInfo;

class ServerProcessTest {

    private static KinesisVideoClient client(String url) {
        return KinesisVideoClient.builder().endpointOverride(URI.create(url)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void everyAcknowledgedWriteSurvivesASigkill(@TempDir Path dataDir) throws Exception {
        List<String> created = new ArrayList<>();
        try (ServerProcess first = ServerProcess.start(dataDir); KinesisVideoClient kvs = client(first.url)) {
            for (int i = 0; i < 40; i++) {
                int n = i;
                created.add(
                        kvs.createStream(r -> r.streamName("durable-" + n).dataRetentionInHours(n + 1)).streamARN());
            }
            String version = kvs.describeStream(r -> r.streamName("durable-0")).streamInfo().version();
            kvs.updateStream(r -> r.streamName("durable-0").currentVersion(version).deviceName("after-update"));
            kvs.tagStream(r -> r.streamName("durable-1").tags(java.util.Map.of("kept", "yes")));
            first.kill();
        }
        try (ServerProcess second = ServerProcess.start(dataDir); KinesisVideoClient kvs = client(second.url)) {
            List<StreamInfo> streams = kvs.listStreamsPaginator(r -> r.maxResults(7)).streamInfoList().stream()
                    .toList();
            assertThat(streams).extracting(StreamInfo::streamARN).containsExactlyInAnyOrderElementsOf(created);
            assertThat(kvs.describeStream(r -> r.streamName("durable-0")).streamInfo().deviceName())
                    .isEqualTo("after-update");
            assertThat(kvs.describeStream(r -> r.streamName("durable-39")).streamInfo().dataRetentionInHours())
                    .isEqualTo(40);
            assertThat(kvs.listTagsForStream(r -> r.streamName("durable-1")).tags()).containsEntry("kept", "yes");
        }
    }

    @Test
    void theReadyLineNamesTheEndpointTheTestCredentialsAndTheConsole(@TempDir Path dataDir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            assertThat(server.url).startsWith("http://127.0.0.1:");
            assertThat(server.readyLine).contains("test/test").endsWith("; console at " + server.url + "/");
        }
    }

    @Test
    void sigtermStopsTheServerCleanly(@TempDir Path dataDir) throws Exception {
        ServerProcess server = ServerProcess.start(dataDir);
        try (KinesisVideoClient kvs = client(server.url)) {
            kvs.createStream(r -> r.streamName("before-term"));
        }
        server.process.destroy(); // SIGTERM
        assertThat(server.process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        try (ServerProcess again = ServerProcess.start(dataDir); KinesisVideoClient kvs = client(again.url)) {
            assertThat(kvs.describeStream(r -> r.streamName("before-term")).streamInfo().streamName())
                    .isEqualTo("before-term");
        }
    }

    @Test
    void aNonLoopbackServerWithoutCredentialsRefusesToStart(@TempDir Path dataDir) throws Exception {
        CommandRun run = CommandRun.of("server", "--port", "0", "--data-dir", dataDir.toString(), "--host", "0.0.0.0");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.errorLines())
                .containsExactly("kvs-edge server: --host 0.0.0.0: refusing to listen beyond loopback without"
                        + " credentials: configure --credentials FILE or KVS_EDGE_ACCESS_KEY_ID and KVS_EDGE_SECRET_ACCESS_KEY, or listen on"
                        + " a loopback address");
    }
}
