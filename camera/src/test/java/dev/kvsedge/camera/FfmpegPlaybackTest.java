package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** FFmpeg's RTSP client, in-process, plays the camera: the independent check that the stream is right. */
class FfmpegPlaybackTest {
    static final CameraOptions SMALL = CameraOptions.anyPort().withSize(320, 240);
    private static final Duration PLAY = Duration.ofSeconds(3);

    @Test
    void playsOverTcpWithAKeyFrameEachGop() {
        try (SimulatedCamera camera = SimulatedCamera.start(SMALL)) {
            RtspPlayer.Result result = RtspPlayer.play(camera.url(), "tcp", PLAY);

            assertPlayedCleanly(result, 320, 240);
            assertThat(result.packets()).isGreaterThan(50);
            assertKeyFramesEvery(result, 1.0);
        }
    }

    @Test
    void playsOverUdp() {
        try (SimulatedCamera camera = SimulatedCamera.start(SMALL)) {
            RtspPlayer.Result result = RtspPlayer.play(camera.url(), "udp", PLAY);

            assertPlayedCleanly(result, 320, 240);
            assertThat(result.packets()).isGreaterThan(50);
            assertKeyFramesEvery(result, 1.0);
        }
    }

    @Test
    void threeClientsAtOnceEachGetTheWholeStream() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(SMALL);
                ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<Future<RtspPlayer.Result>> players = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                players.add(pool.submit(() -> RtspPlayer.play(camera.url(), "tcp", PLAY)));
            }
            assertThat(awaitClients(camera, 3)).isEqualTo(3);
            for (Future<RtspPlayer.Result> player : players) {
                RtspPlayer.Result result = player.get();
                assertPlayedCleanly(result, 320, 240);
                assertThat(result.packets()).isGreaterThan(40);
            }
        }
    }

    @Test
    void timestampsKeepIncreasingAcrossTheLoop() {
        // a one-second loop, played for three: two or three wraps back to the loop's first picture
        CameraOptions options = SMALL.withLoop(Duration.ofSeconds(1)).withGop(10);
        try (SimulatedCamera camera = SimulatedCamera.start(options)) {
            RtspPlayer.Result result = RtspPlayer.play(camera.url(), "tcp", PLAY);

            assertPlayedCleanly(result, 320, 240);
            List<Double> pts = result.packetPts();
            assertThat(pts.get(pts.size() - 1) - pts.get(0)).isGreaterThan(2.0);
            for (int i = 1; i < pts.size(); i++) {
                assertThat(pts.get(i) - pts.get(i - 1)).as("frame %d follows frame %d by one frame", i, i - 1)
                        .isCloseTo(0.04, within(0.0001));
            }
            assertKeyFramesEvery(result, 0.4);
        }
    }

    @Test
    void serves1080p() {
        CameraOptions options = CameraOptions.anyPort().withSize(1920, 1080);
        try (SimulatedCamera camera = SimulatedCamera.start(options)) {
            RtspPlayer.Result result = RtspPlayer.play(camera.url(), "tcp", Duration.ofSeconds(2));

            assertPlayedCleanly(result, 1920, 1080);
            assertThat(result.packets()).isGreaterThan(20);
        }
    }

    /** Waits up to 10 s for the camera to have {@code n} clients playing, and returns how many it has. */
    static int awaitClients(SimulatedCamera camera, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (camera.clients() != n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return camera.clients();
    }

    static void assertPlayedCleanly(RtspPlayer.Result result, int width, int height) {
        assertThat(result.codec()).isEqualTo("h264");
        assertThat(result.width()).as("width").isEqualTo(width);
        assertThat(result.height()).as("height").isEqualTo(height);
        assertThat(result.readError()).as("read error").isZero();
        assertThat(result.decodeErrors()).as("decode errors").isZero();
        assertThat(result.firstFrameKey()).as("the first frame is a key frame").isTrue();
        assertThat(result.decodedFrames()).isGreaterThanOrEqualTo(result.packets() - 1);
        assertThat(result.packetsWithoutPts()).isLessThanOrEqualTo(1);
        assertThat(result.ptsIncreasing()).as("timestamps increase").isTrue();
    }

    private static void assertKeyFramesEvery(RtspPlayer.Result result, double seconds) {
        List<Double> keys = result.keyPacketPts();
        assertThat(keys).hasSizeGreaterThanOrEqualTo(2);
        for (int i = 1; i < keys.size(); i++) {
            assertThat(keys.get(i) - keys.get(i - 1)).isCloseTo(seconds, within(0.001));
        }
        // and nothing but those: the packets between key frames are not flagged
        assertThat(result.keyFrames()).isBetween(keys.size(), keys.size() + 1);
    }
}
