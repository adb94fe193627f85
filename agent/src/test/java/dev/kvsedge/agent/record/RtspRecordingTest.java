package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording the simulated RTSP camera: Annex B over RTP, re-framed as AVCC, and a camera that drops. */
class RtspRecordingTest {
    private static final CameraOptions CAMERA = CameraOptions.anyPort().withSize(320, 240).withFps(25).withGop(25);

    @TempDir
    Path dir;

    @BeforeAll
    static void encoderPresent() {
        assumeTrue(TestVideo.available(), "FFmpeg's H.264 encoder is needed for the simulated camera");
    }

    @Test
    void aCameraIsRecordedIntoKeyFramedSegmentsThatDecode() throws Exception {
        Path data = dir.resolve("data");
        try (SimulatedCamera camera = SimulatedCamera.start(CAMERA);
                JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            Instant started = Instant.now();
            try (Recording recording = Recording.start(Fixtures.config(data, MediaSource.rtsp(camera.url())), index,
                    null)) {
                Thread.sleep(4_500);
                assertThat(recording.status().status()).isEqualTo(Status.SUCCESS);
                assertThat(recording.status().details()).startsWith("Recording rtsp://127.0.0.1:");
            }
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSizeBetween(2, 3);
            assertThat(segments.get(0).start()).isBetween(started, started.plusSeconds(2));
            long frames = 0;
            for (Segment s : segments) {
                SegmentClusters mkv = SegmentClusters.read(s.file());
                assertThat(mkv.tracks().get(0).width()).isEqualTo(320);
                assertThat(mkv.clusters()).allSatisfy(c -> assertThat(c.blocks().get(0).key()).isTrue());
                Probe.Stream video = Probe.file(s.file()).video();
                assertThat(video.decodeErrors()).isZero();
                assertThat(video.decodedFrames()).isEqualTo(mkv.blockCount());
                frames += video.decodedFrames();
            }
            long spanMs = Duration.between(segments.get(0).start(), segments.get(segments.size() - 1).end()).toMillis();
            assertThat(frames).isBetween(spanMs * 25 / 1000 - 3, spanMs * 25 / 1000 + 3);
        }
    }

    @Test
    void aDroppedCameraIsReconnectedAndWhatWasRecordedIsKept() throws Exception {
        Path data = dir.resolve("data");
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            SimulatedCamera camera = SimulatedCamera.start(CAMERA);
            CameraOptions bound = camera.options();
            Recording recording = Recording.start(Fixtures.config(data, MediaSource.rtsp(camera.url())), index, null);
            try {
                Thread.sleep(1_500);
                camera.close(); // the camera goes away mid-segment
                RecorderStatus down = await(recording, s -> s.status() == Status.USER_ERROR);
                assertThat(down.details()).containsAnyOf("cannot be reached", "ended the stream", "broke");
                assertThat(index.all(Fixtures.STREAM)).hasSize(1); // the interrupted segment was completed
                Thread.sleep(600);

                camera = SimulatedCamera.start(bound); // back on the same port
                await(recording, s -> s.status() == Status.SUCCESS && s.details().startsWith("Recording"));
                Thread.sleep(1_500);
            } finally {
                recording.close();
                camera.close();
            }
            assertThat(recording.metrics().reconnects()).isGreaterThanOrEqualTo(1);
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments.size()).isGreaterThanOrEqualTo(2);
            for (int i = 1; i < segments.size(); i++) {
                assertThat(segments.get(i).start()).isAfterOrEqualTo(segments.get(i - 1).end());
            }
            for (Segment s : segments) {
                assertThat(Probe.file(s.file()).video().decodeErrors()).isZero();
            }
        }
    }

    @Test
    void aCameraThatFreezesTimesOutAndIsReconnected() throws Exception {
        Path data = dir.resolve("data");
        try (SimulatedCamera camera = SimulatedCamera.start(CAMERA);
                JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            RecordingConfig config = Fixtures.config(data, MediaSource.rtsp(camera.url()))
                    .withIoTimeout(Duration.ofMillis(700));
            try (Recording recording = Recording.start(config, index, null)) {
                await(recording, s -> s.details().startsWith("Recording"));
                camera.pause();
                await(recording, s -> s.status() == Status.USER_ERROR);
                camera.resume();
                await(recording, s -> s.status() == Status.SUCCESS && s.details().startsWith("Recording"));
                assertThat(recording.metrics().reconnects()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aCameraAskingForCredentialsIsRecordedWithThemAndRefusesWrongOnesWithoutThemShowing() throws Exception {
        Path data = dir.resolve("data");
        String password = "pa:ss@w/rd-" + System.nanoTime();
        try (SimulatedCamera camera = SimulatedCamera.start(CAMERA.withCredentials("admin", password));
                JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            MediaSource right = MediaSource.rtsp(camera.urlWithCredentials());
            try (Recording recording = Recording.start(Fixtures.config(data, right), index, null)) {
                await(recording, s -> s.details().startsWith("Recording rtsp://***@127.0.0.1:"));
                Thread.sleep(500);
            }
            assertThat(index.all(Fixtures.STREAM)).hasSize(1);

            MediaSource wrong = MediaSource.rtsp(camera.urlWithCredentials().replace("admin:", "admin:x"));
            try (Recording recording = Recording.start(Fixtures.config(data, wrong), index, null)) {
                RecorderStatus status = await(recording, s -> s.status() == Status.USER_ERROR);
                assertThat(status.details()).contains("401", "rtsp://***@127.0.0.1:").doesNotContain("admin", "ss@w",
                        "w/rd", "%40w");
            }
        }
    }

    private static RecorderStatus await(Recording recording, Predicate<RecorderStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            RecorderStatus s = recording.status();
            if (condition.test(s)) {
                return s;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("status never came; last: " + recording.status());
    }
}
