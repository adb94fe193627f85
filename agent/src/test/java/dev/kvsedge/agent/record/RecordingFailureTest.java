package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources that fail: statuses, redaction, retries with backoff, and stopping while FFmpeg waits. */
class RecordingFailureTest {
    private static final String SECRET = "s3cret-Pa55";

    @TempDir
    Path dir;
    private JdbcSegmentIndex index;
    private final List<RecorderStatus> statuses = new CopyOnWriteArrayList<>();
    private final RecordingListener listener = new RecordingListener() {
        @Override
        public void statusChanged(RecorderStatus status) {
            statuses.add(status);
        }
    };

    @BeforeEach
    void open() {
        index = JdbcSegmentIndex.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        index.close();
    }

    @Test
    void aClosedPortIsRetriedWithDoublingWaitsAndNeverShowsTheCredentials() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        Recording recording;
        long started = System.nanoTime();
        try {
            MediaSource source = MediaSource.of("RTSP_URI",
                    "rtsp://admin:" + SECRET + "@127.0.0.1:1/live?token=tok-" + SECRET);
            recording = Recording.start(config(source), index, listener);
            Thread.sleep(2_000);
            recording.close();
        } finally {
            System.setErr(err);
        }
        // Retries 100, 200, 400, 400, 400 ms apart: about 6 connections in 2 s (fewer on a busy machine).
        long reconnects = recording.metrics().reconnects();
        assertThat(reconnects).isBetween(3L, 8L);
        List<String> errors = statuses.stream().filter(s -> s.status() == Status.USER_ERROR)
                .map(RecorderStatus::details).toList();
        assertThat(errors).first().asString()
                .contains("rtsp://***@127.0.0.1:1/live?***", "cannot be reached", "retrying in 0.1 s");
        assertThat(errors).anySatisfy(d -> assertThat(d).contains("retrying in 0.2 s"));
        assertThat(errors).anySatisfy(d -> assertThat(d).contains("retrying in 0.4 s"));
        assertThat(errors).noneSatisfy(d -> assertThat(d).contains("0.8 s"));
        assertThat(statuses).allSatisfy(s -> assertThat(s.details()).doesNotContain(SECRET, "admin", "tok-"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("cannot be reached").doesNotContain(SECRET, "admin");
        // One log line per retry, and FFmpeg's own line about the refused connection not as well.
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).noneMatch(l -> l.contains("record.ffmpeg"));
        assertThat(lines.stream().filter(l -> l.contains("cannot be reached")).count()).isBetween(reconnects,
                reconnects + 1);
        assertThat(recording.status().status()).isEqualTo(Status.SUCCESS);
        assertThat(recording.status().details()).startsWith("Stopped");
        assertThat(recording.status().lastCollectedTime()).isNull();
        assertThat(index.all(Fixtures.STREAM)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aCameraRefusingTheCredentialsIsAUserErrorSaying401() throws Exception {
        try (FakeRtspServer camera = new FakeRtspServer(FakeRtspServer.Mode.UNAUTHORIZED)) {
            MediaSource source = MediaSource
                    .rtsp("rtsp://admin:" + SECRET + "@127.0.0.1:" + camera.port() + "/stream1");
            try (Recording recording = Recording.start(config(source), index, listener)) {
                RecorderStatus status = await(recording, s -> s.status() == Status.USER_ERROR);
                assertThat(status.details()).contains("401", "rtsp://***@127.0.0.1:" + camera.port() + "/stream1")
                        .doesNotContain(SECRET, "admin");
            }
            assertThat(camera.requests()).isNotEmpty().allSatisfy(r -> assertThat(r).doesNotContain(SECRET));
        }
    }

    @Test
    void aSilentCameraTimesOutAndStoppingDoesNotWaitForIt() throws Exception {
        try (FakeRtspServer camera = new FakeRtspServer(FakeRtspServer.Mode.SILENT)) {
            MediaSource source = MediaSource.rtsp("rtsp://127.0.0.1:" + camera.port() + "/stream1");
            long started = System.nanoTime();
            try (Recording recording = Recording.start(config(source).withIoTimeout(Duration.ofMillis(500)), index,
                    listener)) {
                RecorderStatus status = await(recording, s -> s.status() == Status.USER_ERROR);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                assertThat(status.details()).contains("rtsp://127.0.0.1:" + camera.port() + "/stream1");
            }

            // With a long timeout, a stop interrupts FFmpeg's wait for the camera (through the C library's atoi).
            assertThat(Interrupt.nativeCallback()).isTrue();
            Recording recording = Recording.start(config(source).withIoTimeout(Duration.ofSeconds(60)), index,
                    listener);
            Thread.sleep(500);
            long stopping = System.nanoTime();
            recording.close();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aCameraSendingAudioAndNoVideoSaysSo() throws Exception {
        try (FakeRtspServer camera = new FakeRtspServer(FakeRtspServer.Mode.AUDIO_ONLY)) {
            MediaSource source = MediaSource.rtsp("rtsp://127.0.0.1:" + camera.port() + "/stream1");
            try (Recording recording = Recording.start(config(source), index, listener)) {
                assertThat(await(recording, s -> s.status() == Status.USER_ERROR).details())
                        .startsWith("The camera rtsp://127.0.0.1:" + camera.port()
                                + "/stream1 sends no video track (only aac audio)");
            }
        }
    }

    @Test
    void aMissingFileIsAUserError() throws Exception {
        MediaSource source = MediaSource.of("FILE_URI", dir.resolve("nope.mkv").toUri().toString());
        try (Recording recording = Recording.start(config(source), index, listener)) {
            assertThat(await(recording, s -> s.status() == Status.USER_ERROR).details()).contains("no such file",
                    "nope.mkv");
        }
    }

    @Test
    void aFileThatIsNotMediaIsAUserError() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mkv"), "not a video\n".repeat(100));
        try (Recording recording = Recording.start(config(MediaSource.file(text)), index, listener)) {
            assertThat(await(recording, s -> s.status() == Status.USER_ERROR).details()).contains("notes.mkv");
        }
    }

    @Test
    void videoOtherThanH264IsAUserErrorNamingTheCodec() throws Exception {
        Track hevc = new Track(1, Track.VIDEO, "V_MPEGH/ISO/HEVC", new byte[0], 40_000_000, 320, 240, 0, 0);
        ByteArrayOutputStream mkv = new ByteArrayOutputStream();
        mkv.writeBytes(MkvWriter.header(1_000_000, MkvWriter.tracks(List.of(hevc)), "test"));
        mkv.writeBytes(
                MkvWriter.cluster(0, List.of(MkvWriter.simpleBlock(1, 0, true, new byte[] {0, 0, 0, 2, 0x26, 0x01}))));
        Path file = Files.write(dir.resolve("hevc.mkv"), mkv.toByteArray());
        try (Recording recording = Recording.start(config(MediaSource.file(file)), index, listener)) {
            assertThat(await(recording, s -> s.status() == Status.USER_ERROR).details()).contains("hevc", "only H.264");
        }
    }

    @Test
    void aSourceThatDoesNotFitItsTypeIsRejectedRedacted() {
        assertThatThrownBy(() -> MediaSource.of("RTSP_URI", "http://admin:" + SECRET + "@cam/x"))
                .isInstanceOf(InvalidSourceException.class).hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> MediaSource.of("FILE_URI", "rtsp://admin:" + SECRET + "@cam/x"))
                .isInstanceOf(InvalidSourceException.class).hasMessageNotContaining(SECRET);
        assertThatThrownBy(() -> MediaSource.of("HLS_URI", "rtsp://cam/x")).isInstanceOf(InvalidSourceException.class);
        assertThatThrownBy(() -> MediaSource.of("RTSP_URI", "rtsp:///x")).isInstanceOf(InvalidSourceException.class);
        assertThatThrownBy(() -> MediaSource.of("RTSP_URI", " ")).isInstanceOf(InvalidSourceException.class);
    }

    private RecordingConfig config(MediaSource source) {
        return Fixtures.config(dir.resolve("data"), source);
    }

    private static RecorderStatus await(Recording recording, Predicate<RecorderStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
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
