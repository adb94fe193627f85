package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.model.EdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * The agent as a real process, killed with SIGKILL while it records and uploads, then started again on the same
 * data dir: no fragment is uploaded twice, none is torn, and what is lost is at most the segment being written.
 */
class AgentCrashTest {
    static final String HUB = EdgeFixtures.hub("crash-hub");

    @TempDir
    Path dir;

    @Test
    void aKilledAgentResumesWithoutDuplicatesOrTornFragments() throws Exception {
        try (TestServer server = TestServer.start(); KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            Path video = TestVideo.writeMkv(dir.resolve("camera.mkv"), VideoSpec.of(160, 120, 25, 25, Duration.ofSeconds(4)));
            server.client().createStream(r -> r.streamName("crash-cam").dataRetentionInHours(24));
            String secretArn = server.secretsManager().createSecret(r -> r.name("crash-cam-uri")
                    .secretString("{\"MediaURI\":\"" + video.toUri() + "\"}")).arn();
            EdgeConfig config = EdgeConfig.builder().hubDeviceArn(HUB)
                    .recorderConfig(r -> r.mediaSourceConfig(m -> m.mediaUriSecretArn(secretArn).mediaUriType(MediaUriType.FILE_URI)))
                    .uploaderConfig(u -> u.scheduleConfig(s -> s.scheduleExpression("0/5 * * * * ?").durationInSeconds(60)))
                    .build();
            server.client().startEdgeConfigurationUpdate(r -> r.streamName("crash-cam").edgeConfig(config));
            TestAgent keys = TestAgent.mint(server, HUB);
            Path agentData = dir.resolve("agent");

            Process first = launch(server, keys, agentData);
            int before = awaitFragments(media, 8, Duration.ofSeconds(90));
            first.destroyForcibly(); // SIGKILL, mid-segment and possibly mid-upload
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Instant killed = Instant.now();

            Process second = launch(server, keys, agentData);
            Instant restarted = Instant.now();
            try {
                awaitFragments(media, before + 12, Duration.ofSeconds(90));
            } finally {
                second.destroy();
                second.waitFor(30, TimeUnit.SECONDS);
            }

            List<Fragment> fragments = new ArrayList<>(media.listFragments(r -> r.streamName("crash-cam").maxResults(1000L))
                    .fragments());
            fragments.sort(Comparator.comparing(Fragment::producerTimestamp));
            assertThat(fragments).extracting(Fragment::producerTimestamp).doesNotHaveDuplicates();
            assertThat(fragments).allSatisfy(f -> assertThat(f.fragmentLengthInMilliseconds()).isEqualTo(1000L));
            // The only hole in the recording: the time the agent was dead, plus the segment it was writing (10 s).
            long allowed = Duration.between(killed, restarted).toMillis() + 11_000 + 3_000;
            for (int i = 1; i < fragments.size(); i++) {
                long gap = Duration.between(fragments.get(i - 1).producerTimestamp(), fragments.get(i).producerTimestamp()).toMillis();
                assertThat(gap).as("gap before fragment %d", i).isBetween(1000L, allowed);
            }
        }
    }

    private static Process launch(TestServer server, TestAgent keys, Path dataDir) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "agent", "--server", server.endpoint().toString(),
                "--hub-device-arn", HUB, "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(dataDir.resolveSibling("agent-" + System.nanoTime() + ".log").toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", keys.accessKeyId);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", keys.secret);
        return builder.start();
    }

    private static int awaitFragments(KinesisVideoArchivedMediaClient media, int atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int count = 0;
        while (System.nanoTime() < deadline) {
            count = media.listFragments(r -> r.streamName("crash-cam").maxResults(1000L)).fragments().size();
            if (count >= atLeast) {
                return count;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("only " + count + " fragments after " + timeout + ", wanted " + atLeast);
    }
}
