package dev.kvsedge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.agent.AgentConfig;
import dev.kvsedge.agent.EdgeAgent;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's journey: a configuration in, video and its AAC audio recorded by the real recorder, uploaded, listed,
 * deleted locally.
 */
class EdgeAgentEndToEndTest {

    @Test
    void anAgentRecordsAFileSourceUploadsItAtItsRecordingTimesAndDeletesWhatWasUploaded(@TempDir Path tmp)
            throws Exception {
        assumeThat(TestVideo.available()).as("the H.264 encoder").isTrue();
        Path source = TestVideo.writeMkv(tmp.resolve("camera.mkv"), VideoSpec.small().withAudio());
        try (TestKvs kvs = TestKvs.start(tmp.resolve("server"), 0);
                JdbcSegmentIndex index = JdbcSegmentIndex.open(tmp.resolve("agent"))) {
            String hub = TestKvs.hub("lobby-hub");
            String[] keys = kvs.agentCredentials(hub);
            String arn = kvs.createStream("lobby");
            String secret = kvs.createSecret("lobby-camera", "{\"MediaURI\":\"" + source.toUri() + "\"}");
            Instant before = Instant.now();
            kvs.startEdgeConfiguration("lobby",
                    "{\"HubDeviceArn\":\"" + hub + "\",\"RecorderConfig\":{\"MediaSourceConfig\":"
                            + "{\"MediaUriSecretArn\":\"" + secret + "\",\"MediaUriType\":\"FILE_URI\"}}}");

            AgentConfig config = AgentConfig
                    .of(kvs.endpoint(), hub, tmp.resolve("agent"), TestKvs.REGION, keys[0], keys[1])
                    .withZone(ZoneOffset.UTC)
                    .withTimings(Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(5),
                            Duration.ofMillis(200));
            FfmpegRecorderLauncher recorders = new FfmpegRecorderLauncher(index, Clock.systemUTC(),
                    c -> c.withSegmentDuration(Duration.ofSeconds(2)));
            List<JsonNode> fragments;
            try (EdgeAgent agent = EdgeAgent.builder(config).segmentIndex(index).recorders(recorders).start()) {
                fragments = await(() -> {
                    List<JsonNode> listed = kvs.listFragments("lobby");
                    return listed.size() >= 4 ? listed : null;
                });
                await(() -> agent.metrics().get(AgentMetrics.SEGMENTS_DELETED,
                        java.util.Map.of("stream", arn, "reason", "uploaded")) >= 1 ? true : null);
                assertThat(kvs.describeEdgeConfiguration("lobby").path("SyncStatus").asText()).isEqualTo("IN_SYNC");
                assertThat(agent.metrics().total(AgentMetrics.SEGMENTS_GIVEN_UP)).as("the server took every fragment")
                        .isZero();
                assertThat(agent.jobs().statuses().getFirst().recorder().details())
                        .endsWith("(H.264 video and AAC audio)");
            }
            Instant after = Instant.now();
            // The server kept the audio: a clip of what was uploaded plays it.
            dev.kvsedge.media.testing.Probe.Result clip = dev.kvsedge.media.testing.Probe.bytes(
                    kvs.getClip("lobby", before, after), ".mp4");
            assertThat(clip.audio().codecName()).isEqualTo("aac");
            assertThat(clip.audio().decodedFrames()).isPositive();
            assertThat(clip.audio().decodeErrors()).isZero();
            assertThat(clip.video().decodeErrors()).isZero();
            for (JsonNode fragment : fragments) {
                Instant producer = Instant.ofEpochMilli(new BigDecimal(fragment.path("ProducerTimestamp").asText())
                        .movePointRight(3).longValue());
                assertThat(producer).isBetween(before, after);
                assertThat(fragment.path("FragmentLengthInMilliseconds").asLong()).isBetween(500L, 10_000L);
            }
        }
    }

    private static <T> T await(java.util.concurrent.Callable<T> probe) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            T value = probe.call();
            if (value != null) {
                return value;
            }
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
