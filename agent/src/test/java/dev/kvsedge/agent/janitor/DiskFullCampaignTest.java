package dev.kvsedge.agent.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kvsedge.agent.record.MediaSource;
import dev.kvsedge.agent.record.RecorderStatus;
import dev.kvsedge.agent.record.Recording;
import dev.kvsedge.agent.record.RecordingConfig;
import dev.kvsedge.agent.record.RecordingListener;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.time.ManualTime;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-disk campaign as a repeatable test: the agent's data dir (segment index and media) on a 3 MB tmpfs, a
 * camera of about 100 KB/s. The disk fills up within half a minute. DELETE_OLDEST_MEDIA deletes the oldest media
 * and records on; DENY_NEW_MEDIA pauses with SYSTEM_ERROR and the reason, and records again once there is room.
 * Neither hangs up on the camera, loops, or logs more than a line per change. Needs root for the tmpfs (CI runs as
 * root); skipped where it cannot be mounted.
 */
class DiskFullCampaignTest {
    private static final String STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/full/1700000000000";
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;
    private Path disk;
    private final ManualTime time = new ManualTime(T0);
    private final List<RecorderStatus> statuses = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream err;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        assumeThat(TestVideo.available()).as("the H.264 encoder").isTrue();
        disk = Files.createDirectories(dir.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeThat(mount.waitFor()).as("a tmpfs could be mounted (needs root): %s", output).isZero();
        err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void unmount() throws Exception {
        if (err != null) {
            System.setErr(err);
        }
        if (disk != null) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    private Recording record(JdbcSegmentIndex index, Janitor janitor, DeletionConfig deletion, Path camera) {
        StreamRoom room = new StreamRoom(STREAM, DeletionRules.of(deletion), index, janitor);
        RecordingConfig config = RecordingConfig.of(STREAM, MediaSource.file(camera), disk.resolve("media/full"))
                .withSegmentDuration(Duration.ofSeconds(2)).withRoom(room).withClock(time).withTicker(time);
        return Recording.start(config, index, new RecordingListener() {
            @Override
            public void statusChanged(RecorderStatus status) {
                statuses.add(status);
            }
        });
    }

    private void runFor(Duration d) throws InterruptedException {
        time.runUntil(time.elapsed().plus(d));
        assertThat(time.awaitLimit(Duration.ofSeconds(60))).isTrue();
    }

    private Path camera() {
        return TestVideo.writeMkv(dir.resolve("camera.mkv"), new VideoSpec(640, 480, 25, 25, 100));
    }

    @Test
    void deleteOldestMediaDeletesTheOldestAndRecordsOn() throws Exception {
        Path camera = camera();
        AgentMetrics metrics = new AgentMetrics();
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(disk)) {
            Janitor janitor = new Janitor(index, new SegmentClaims(), UploadProgress.open(disk), metrics);
            Recording recording = record(index, janitor, new DeletionConfig(720, null, false), camera);
            try {
                runFor(Duration.ofSeconds(90));
                assertThat(recording.status().status()).as("%s", statuses)
                        .isEqualTo(RecorderStatus.Status.SYSTEM_ERROR);
                assertThat(recording.status().details()).contains("is full", "oldest media is deleted",
                        "DELETE_OLDEST_MEDIA");
            } finally {
                recording.close();
            }
            assertThat(metrics.get(AgentMetrics.SEGMENTS_DELETED, Map.of("stream", STREAM, "reason", "disk full")))
                    .isPositive();
            List<Segment> kept = index.all(STREAM);
            assertThat(kept.getFirst().start()).as("the oldest went").isAfter(T0.plusSeconds(30));
            assertThat(kept.getLast().end()).as("recorded to the end").isAfter(T0.plusSeconds(88));
            for (int i = 1; i < kept.size(); i++) {
                assertThat(Duration.between(kept.get(i - 1).end(), kept.get(i).start()))
                        .as("no recording lost between kept segments").isLessThan(Duration.ofMillis(50));
            }
            assertThat(Probe.file(kept.getLast().file()).video().decodeErrors()).isZero();
            assertThat(recording.metrics().reconnects()).as("the camera was never hung up on").isZero();
        }
        assertThat(warnings()).as("one line when the disk filled up:\n%s", log).hasSize(1);
    }

    @Test
    void denyNewMediaPausesWithTheReasonAndRecordsAgainOnceThereIsRoom() throws Exception {
        Path camera = camera();
        Path filler = Files.write(disk.resolve("filler"), new byte[1024 * 1024]);
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(disk)) {
            Janitor janitor = new Janitor(index, new SegmentClaims(), UploadProgress.open(disk), new AgentMetrics());
            Recording recording = record(index, janitor,
                    new DeletionConfig(720, new LocalSizeConfig(100, "DENY_NEW_MEDIA"), false),
                    camera);
            try {
                runFor(Duration.ofSeconds(60));
                RecorderStatus paused = recording.status();
                assertThat(paused.status()).isEqualTo(RecorderStatus.Status.SYSTEM_ERROR);
                assertThat(paused.details()).contains("is full (No space left on device)", "recording is paused",
                        "DENY_NEW_MEDIA", "trying again in");
                assertThat(partFiles()).as("the segment the disk filled up in was kept, whole").isZero();
                int whileFull = index.all(STREAM).size();
                Instant lastEnd = index.all(STREAM).getLast().end();
                assertThat(Probe.file(index.all(STREAM).getLast().file()).video().decodeErrors()).isZero();

                Files.delete(filler); // room again: recording resumes after its backoff, at most 30 s
                runFor(Duration.ofSeconds(35));
                assertThat(recording.status().details()).startsWith("Recording file:");
                List<Segment> after = index.all(STREAM);
                assertThat(after.size()).isGreaterThan(whileFull);
                assertThat(after.get(whileFull).start()).isAfter(lastEnd);
            } finally {
                recording.close();
            }
            assertThat(recording.metrics().reconnects()).as("the camera was never hung up on").isZero();
            assertThat(statuses.stream().filter(s -> s.status() == RecorderStatus.Status.SYSTEM_ERROR).count())
                    .as("statuses say so while it lasts, with the next try").isBetween(1L, 8L);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(warnings()).as("one line when the disk filled up:\n%s", text).hasSize(1);
        assertThat(text.lines().filter(l -> l.contains("has room again"))).hasSize(1);
        assertThat(text).doesNotContain("\tat ");
    }

    private List<String> warnings() {
        return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" WARN ")).toList();
    }

    private long partFiles() throws IOException {
        try (Stream<Path> files = Files.list(disk.resolve("media/full"))) {
            return files.filter(f -> f.toString().endsWith(".part")).count();
        }
    }
}
