package dev.kvsedge.camera;

import static dev.kvsedge.camera.FfmpegPlaybackTest.assertPlayedCleanly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pausing, dropping clients and bringing a camera down and back, as the agent's tests need. */
class CameraLifecycleTest {

    @Test
    void pauseFreezesTheStreamAndResumeRestartsAtAKeyFrameLaterInTime() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL);
                RawRtspClient client = new RawRtspClient(camera.url())) {
            client.playTcp();
            RawRtspClient.Interleaved last = client.readRtp();
            for (int i = 0; i < 30; i++) {
                last = client.readRtp();
            }
            camera.pause();
            Thread.sleep(200);
            client.setSoTimeout(100);
            try {
                while (true) {
                    last = client.readRtp(); // what was sent before the pause
                }
            } catch (SocketTimeoutException expected) {
                // drained
            }
            client.setSoTimeout(1500);
            assertThatThrownBy(client::readRtp).isInstanceOf(SocketTimeoutException.class);
            assertThat(camera.clients()).isEqualTo(1);

            camera.resume();
            client.setSoTimeout(5000);
            RawRtspClient.Interleaved next = client.readRtp();
            assertThat(next.nalType()).as("starts again at SPS, IDR").isEqualTo(7);
            assertThat(next.seq()).isEqualTo((last.seq() + 1) & 0xFFFF);
            long gap = next.timestamp() - last.timestamp() & 0xFFFFFFFFL;
            assertThat(gap).as("the timestamps moved on with the paused time").isGreaterThan(90_000L * 3 / 2);
        }
    }

    @Test
    void downAndBackOnTheSamePort() throws Exception {
        SimulatedCamera camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL);
        String url = camera.url();
        RawRtspClient client = new RawRtspClient(url);
        client.playTcp();
        client.readRtp();
        camera.close();
        assertThatThrownBy(() -> {
            while (true) {
                client.readRtp();
            }
        }).isInstanceOf(IOException.class);
        client.close();
        assertThatThrownBy(() -> new RawRtspClient(url)).isInstanceOf(IOException.class);

        try (SimulatedCamera again = SimulatedCamera.start(camera.options())) {
            assertThat(again.url()).isEqualTo(url);
            assertPlayedCleanly(RtspPlayer.play(url, "tcp", Duration.ofSeconds(2)), 320, 240);
        }
    }

    @Test
    void disconnectClientsDropsConnectionsAndAcceptsNewOnes() throws Exception {
        try (SimulatedCamera camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL);
                RawRtspClient client = new RawRtspClient(camera.url())) {
            client.playTcp();
            client.readRtp();
            camera.disconnectClients();
            assertThatThrownBy(() -> {
                while (true) {
                    client.readRtp();
                }
            }).isInstanceOf(IOException.class);
            assertThat(camera.clients()).isZero();
            try (RawRtspClient next = new RawRtspClient(camera.url())) {
                next.playTcp();
                assertThat(next.readRtp().nalType()).isEqualTo(7);
                assertThat(camera.clients()).isEqualTo(1);
            }
        }
    }

    @Test
    void aPortInUseFailsAtStart() {
        try (SimulatedCamera camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL)) {
            assertThatThrownBy(() -> SimulatedCamera.start(camera.options()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(String.valueOf(camera.port()));
        }
    }
}
