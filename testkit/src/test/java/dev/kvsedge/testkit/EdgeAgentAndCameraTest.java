package dev.kvsedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.kinesisvideo.model.SyncStatus;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.ClipFragmentSelectorType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.GetClipResponse;

/**
 * The end-to-end test a user writes for their own edge tooling: a simulated camera and an edge agent beside the
 * server, the camera's URL in a secret, an edge configuration for the agent's hub; the agent records and uploads,
 * and the recording comes back as an MP4 clip. Then a reset forgets it all, media included.
 */
class EdgeAgentAndCameraTest {
    @RegisterExtension
    static KvsEdgeExtension kvsEdge = new KvsEdgeExtension();

    @Test
    void anAgentRecordsTheCameraAndTheClipComesBack() throws Exception {
        KvsEdge server = kvsEdge.kvsEdge();
        KvsEdgeCamera camera = server.startCamera();
        String hub = server.hubDeviceArn("garage-hub");
        KvsEdgeAgent agent = server.startAgent(hub);
        assertThat(agent.hubDeviceArn()).isEqualTo(hub);

        server.kinesisVideo().createStream(r -> r.streamName("garage").dataRetentionInHours(24));
        String secretArn = server.secretsManager().createSecret(r -> r.name("garage-camera")
                .secretString("{\"MediaURI\":\"" + camera.url() + "\"}")).arn();
        server.kinesisVideo().startEdgeConfigurationUpdate(
                r -> r.streamName("garage").edgeConfig(EdgeConfigs.recording(hub, secretArn)));

        await("the configuration in sync", Duration.ofSeconds(30),
                () -> server.kinesisVideo().describeEdgeConfiguration(r -> r.streamName("garage"))
                        .syncStatus() == SyncStatus.IN_SYNC);
        List<Fragment> fragments = await("uploaded fragments", Duration.ofSeconds(60), () -> {
            List<Fragment> listed = server.archivedMedia().listFragments(r -> r.streamName("garage")).fragments();
            return listed.size() >= 2 ? listed : null;
        });

        Instant first = fragments.stream().map(Fragment::producerTimestamp).min(Instant::compareTo).orElseThrow();
        Instant last = fragments.stream().map(Fragment::producerTimestamp).max(Instant::compareTo).orElseThrow();
        ResponseBytes<GetClipResponse> clip = server.archivedMedia().getClipAsBytes(r -> r.streamName("garage")
                .clipFragmentSelector(s -> s.fragmentSelectorType(ClipFragmentSelectorType.PRODUCER_TIMESTAMP)
                        .timestampRange(t -> t.startTimestamp(first).endTimestamp(last.plusSeconds(1)))));
        assertThat(clip.response().contentType()).isEqualTo("video/mp4");
        assertThat(new String(clip.asByteArray(), 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        assertThat(fragments).allSatisfy(f -> assertThat(f.fragmentLengthInMilliseconds()).isPositive());

        assertThat(mediaFiles(server)).as("fragment media before the reset").isPositive();
        server.reset();

        assertThat(server.kinesisVideo().listStreams(r -> {}).streamInfoList()).isEmpty();
        assertThat(server.secretsManager().listSecrets(r -> {}).secretList()).isEmpty();
        assertThat(mediaFiles(server)).as("fragment media after the reset").isZero();
        server.kinesisVideo().createStream(r -> r.streamName("garage").dataRetentionInHours(24)); // the name is free again
        assertThat(server.archivedMedia().listFragments(r -> r.streamName("garage")).fragments()).isEmpty();
    }

    /** The fragments' media files (the media store's cluster mark, kvs-edge-cluster.id, stays through a reset). */
    private static long mediaFiles(KvsEdge server) throws java.io.IOException {
        try (Stream<Path> media = Files.walk(server.dataDir().resolve("media"))) {
            return media.filter(f -> f.toString().endsWith(".mkv")).count();
        }
    }

    private static <T> T await(String what, Duration timeout, Supplier<T> check) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            T value = check.get();
            if (value != null && !Boolean.FALSE.equals(value)) {
                return value;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no " + what + " within " + timeout);
    }
}
