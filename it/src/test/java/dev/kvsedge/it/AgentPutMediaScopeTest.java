package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.KinesisVideoArchivedMediaException;

/** An edge agent's key pair uploads to the streams its hub records, and to nothing else; it reads no media back. */
class AgentPutMediaScopeTest {
    @TempDir
    Path dir;

    @Test
    void anAgentUploadsOnlyToItsHubsStreams() throws Exception {
        try (TestServer server = TestServer.start()) {
            String hubA = EdgeFixtures.hub("hub-a");
            String hubB = EdgeFixtures.hub("hub-b");
            for (String[] camAndHub : new String[][] {{"cam-a", hubA}, {"cam-b", hubB}}) {
                server.client().createStream(r -> r.streamName(camAndHub[0]).dataRetentionInHours(1));
                server.client().startEdgeConfigurationUpdate(r -> r.streamName(camAndHub[0])
                        .edgeConfig(EdgeFixtures.weekdayRecording(camAndHub[1])));
            }
            TestAgent agent = TestAgent.mint(server, hubA);
            byte[] mkv = Files.readAllBytes(TestVideo.writeMkv(dir.resolve("in.mkv"), VideoSpec.small()));
            URI endpoint = server.endpoint();

            V1PutMedia.Result own = V1PutMedia.upload(endpoint, agent.accessKeyId, agent.secret, "cam-a", Instant.now(),
                    new ByteArrayInputStream(mkv), Duration.ofSeconds(30));
            assertThat(own.failure()).isNull();
            assertThat(own.ofType("PERSISTED")).hasSize(3);

            V1PutMedia.Result other = V1PutMedia.upload(endpoint, agent.accessKeyId, agent.secret, "cam-b",
                    Instant.now(),
                    new ByteArrayInputStream(mkv), Duration.ofSeconds(30));
            assertThat(other.ofType("PERSISTED")).isEmpty();
            assertThat(other.failure()).isNotNull().hasMessageContaining("403");

            try (KinesisVideoArchivedMediaClient asAgent = KinesisVideoArchivedMediaClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider
                            .create(AwsBasicCredentials.create(agent.accessKeyId, agent.secret)))
                    .build()) {
                assertThatThrownBy(() -> asAgent.listFragments(r -> r.streamName("cam-a")))
                        .isInstanceOfSatisfying(KinesisVideoArchivedMediaException.class,
                                e -> assertThat(e.statusCode()).isEqualTo(403));
            }
        }
    }
}
