package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Sixteen cameras in one JVM share one encoded loop and each serves its own client a whole stream: from a key
 * frame, no packet missing, one frame every 40 ms, and a source (SSRC) of its own, all at the same time.
 */
class ManyCamerasTest {
    private static final int CAMERAS = 16;
    /** Two seconds of 25 fps video per client, read by all clients at once. */
    private static final int FRAMES = 50;

    @Test
    void sixteenCamerasEachServeTheirClientAWholeStream() throws Exception {
        List<SimulatedCamera> cameras = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CAMERAS; i++) {
                cameras.add(SimulatedCamera.start(FfmpegPlaybackTest.SMALL));
            }
            List<Future<Long>> ssrcs = new ArrayList<>();
            for (SimulatedCamera camera : cameras) {
                ssrcs.add(clients.submit(() -> playWholeFrames(camera)));
            }
            Set<Long> distinct = new HashSet<>();
            for (Future<Long> ssrc : ssrcs) {
                distinct.add(ssrc.get());
            }
            assertThat(distinct).as("each camera its own RTP source").hasSize(CAMERAS);
        } finally {
            cameras.forEach(SimulatedCamera::close);
        }
    }

    /** Plays FRAMES frames from one camera, checking each packet follows the last; returns the stream's SSRC. */
    private static long playWholeFrames(SimulatedCamera camera) throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            client.playTcp();
            assertThat(camera.clients()).as("the camera counts its client").isEqualTo(1);
            RawRtspClient.Interleaved previous = client.readRtp();
            assertThat(previous.nalType()).as("a stream starts with the key frame's SPS").isEqualTo(7);
            int frames = 0;
            while (frames < FRAMES) {
                RawRtspClient.Interleaved packet = client.readRtp();
                assertThat(packet.seq()).as("no packet missing").isEqualTo((previous.seq() + 1) & 0xFFFF);
                assertThat(ssrc(packet)).isEqualTo(ssrc(previous));
                if (previous.marker()) {
                    assertThat(packet.timestamp() - previous.timestamp() & 0xFFFFFFFFL).as("40 ms at 90 kHz")
                            .isEqualTo(3600);
                    frames++;
                } else {
                    assertThat(packet.timestamp()).isEqualTo(previous.timestamp());
                }
                previous = packet;
            }
            return ssrc(previous);
        }
    }

    private static long ssrc(RawRtspClient.Interleaved packet) {
        byte[] d = packet.data();
        return ((d[8] & 0xFFL) << 24) | ((d[9] & 0xFF) << 16) | ((d[10] & 0xFF) << 8) | (d[11] & 0xFF);
    }
}
