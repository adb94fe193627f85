package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.EdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;
import software.amazon.awssdk.services.kinesisvideo.model.SyncStatus;
import software.amazon.awssdk.services.kinesisvideo.model.UploaderStatus;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The server as a real process killed with SIGKILL while an agent process records and uploads, and started again
 * on the same data dir and port half a minute later: the agent records on through the outage, then uploads what it
 * recorded meanwhile, with the original timestamps, nothing lost and nothing twice, and reports itself in sync.
 */
class AgentServerOutageTest {
    static final String HUB = EdgeFixtures.hub("outage-hub");
    static final String STREAM = "outage-cam";

    @TempDir
    Path dir;

    @Test
    void anAgentRecordsThroughAServerOutageAndUploadsTheBacklogWhenItReturns() throws Exception {
        Path serverData = dir.resolve("server");
        int port = freePort();
        Path video = TestVideo.writeMkv(dir.resolve("camera.mkv"),
                VideoSpec.of(160, 120, 25, 25, Duration.ofSeconds(4)));
        ServerProcess server = ServerProcess.start(serverData, port);
        URI endpoint = URI.create(server.url);
        try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()).build();
                SecretsManagerClient secrets = server.client(SecretsManagerClient.builder()).build()) {
            kvs.createStream(r -> r.streamName(STREAM).dataRetentionInHours(24));
            String secretArn = secrets.createSecret(r -> r.name("outage-cam-uri")
                    .secretString("{\"MediaURI\":\"" + video.toUri() + "\"}")).arn();
            EdgeConfig config = EdgeConfig.builder().hubDeviceArn(HUB)
                    .recorderConfig(r -> r
                            .mediaSourceConfig(m -> m.mediaUriSecretArn(secretArn).mediaUriType(MediaUriType.FILE_URI)))
                    .uploaderConfig(
                            u -> u.scheduleConfig(s -> s.scheduleExpression("0/5 * * * * ?").durationInSeconds(60)))
                    .build();
            kvs.startEdgeConfigurationUpdate(r -> r.streamName(STREAM).edgeConfig(config));
        }
        var keys = new SignedHttp(endpoint).call("/admin/createAgentCredentials", "{\"HubDeviceArn\":\"" + HUB + "\"}");

        try (AgentProcess agent = AgentProcess.start(endpoint, HUB, keys.path("AccessKeyId").asText(),
                keys.path("SecretAccessKey").asText(), dir.resolve("agent"))) {
            try (KinesisVideoArchivedMediaClient media = server.client(KinesisVideoArchivedMediaClient.builder())
                    .build()) {
                RecordedFragments.await(media, STREAM, 5, Duration.ofSeconds(90));
            }
            server.kill(); // with no warning, possibly in the middle of an upload
            Instant down = Instant.now();
            Thread.sleep(30_000);
            assertThat(agent.process.isAlive()).as("the agent outlives its server").isTrue();

            try (ServerProcess back = ServerProcess.start(serverData, port);
                    KinesisVideoClient kvs = back.client(KinesisVideoClient.builder()).build();
                    KinesisVideoArchivedMediaClient media = back.client(KinesisVideoArchivedMediaClient.builder())
                            .build()) {
                Instant up = Instant.now();
                RecordedFragments.awaitRecordedAfter(media, STREAM, up.plusSeconds(5), Duration.ofSeconds(90));

                List<Fragment> fragments = RecordedFragments.of(media, STREAM);
                // Recording never stopped: one-second fragments back to back across the outage, none twice.
                RecordedFragments.assertWholeAndUnique(fragments, Duration.ofMillis(1500));
                assertThat(fragments).filteredOn(f -> f.producerTimestamp().isAfter(down.plusSeconds(5))
                        && f.producerTimestamp().isBefore(up.minusSeconds(5)))
                        .as("fragments recorded while the server was down").hasSizeGreaterThanOrEqualTo(15);

                var described = kvs.describeEdgeConfiguration(r -> r.streamName(STREAM));
                assertThat(described.syncStatus()).isEqualTo(SyncStatus.IN_SYNC);
                awaitUploaderSuccess(kvs);
            }
        } finally {
            server.kill();
        }
    }

    /** The uploader reports SUCCESS again once its backlog went through. */
    private static void awaitUploaderSuccess(KinesisVideoClient kvs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        UploaderStatus status = null;
        while (System.nanoTime() < deadline) {
            var last = kvs.describeEdgeConfiguration(r -> r.streamName(STREAM)).edgeAgentStatus().lastUploaderStatus();
            status = last == null ? null : last.uploaderStatus();
            if (status == UploaderStatus.SUCCESS) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("uploader status " + status + ", not SUCCESS, 30 s after the server came back");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
