package dev.kvsedge.camera;

import static dev.kvsedge.camera.FfmpegPlaybackTest.assertPlayedCleanly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A client that vanishes or stops reading never disturbs another. */
class ClientIsolationTest {

    @Test
    void aClientThatDisconnectsAbruptlyDoesNotDisturbAnother() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL)) {
            CompletableFuture<RtspPlayer.Result> player = CompletableFuture
                    .supplyAsync(() -> RtspPlayer.play(camera.url(), "tcp", Duration.ofSeconds(4)));
            for (int i = 0; i < 3; i++) {
                RawRtspClient other = new RawRtspClient(camera.url());
                other.playTcp();
                for (int p = 0; p < 20; p++) {
                    other.readRtp();
                }
                other.abort(); // a TCP reset, mid-stream
                Thread.sleep(300);
            }
            RtspPlayer.Result result = player.get();

            assertPlayedCleanly(result, 320, 240);
            assertNoGaps(result.packetPts());
            assertThat(FfmpegPlaybackTest.awaitClients(camera, 0)).isZero();
        }
    }

    @Test
    void aClientThatStopsReadingIsDroppedWithoutDisturbingAnother() throws Exception {
        // a higher bitrate fills the stalled client's socket buffers sooner
        CameraOptions options = FfmpegPlaybackTest.SMALL.withSize(640, 480).withBitrate(4_000_000);
        try (SimulatedCamera camera = SimulatedCamera.start(options);
                RawRtspClient stalled = new RawRtspClient(camera.url(), 4096)) {
            stalled.playTcp(); // and never reads again
            RtspPlayer.Result result = RtspPlayer.play(camera.url(), "tcp", Duration.ofSeconds(4));

            assertPlayedCleanly(result, 640, 480);
            assertNoGaps(result.packetPts());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (camera.connections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(camera.connections()).as("the stalled client was dropped").isZero();
        }
    }

    /** Every frame is there: each timestamp one frame time after the one before. */
    private static void assertNoGaps(List<Double> pts) {
        for (int i = 1; i < pts.size(); i++) {
            assertThat(pts.get(i) - pts.get(i - 1)).isCloseTo(0.04, within(0.0001));
        }
    }
}
