package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvsedge.agent.janitor.DeletionRules;
import dev.kvsedge.agent.janitor.StreamRoom;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.time.ManualTime;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where segments and clusters are cut: long GOPs, and pauses the caller asks for. */
class SegmentingTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void encoderPresent() {
        assumeTrue(TestVideo.available(), "FFmpeg's H.264 encoder is needed to make test video");
    }

    @Test
    void aGopLongerThanTheClusterLimitIsCutIntoClustersButSegmentsStillStartOnKeyFrames() throws Exception {
        Path data = dir.resolve("data");
        Path file = TestVideo.writeMkv(dir.resolve("long-gop.mkv"), new VideoSpec(320, 240, 25, 100, 100)); // 4 s GOP
        ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
        RecordingConfig config = Fixtures.config(data, MediaSource.file(file))
                .withMaxClusterDuration(Duration.ofSeconds(1))
                .withClock(time).withTicker(time);
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            try (Recording recording = Recording.start(config, index, null)) {
                runFor(time, Duration.ofSeconds(5));
            }
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSize(2);
            // The 2 s target is reached mid-GOP: the segment goes on to the next key frame.
            assertThat(Duration.between(segments.get(0).start(), segments.get(0).end()))
                    .isEqualTo(Duration.ofSeconds(4));
            for (Segment s : segments) {
                SegmentClusters mkv = SegmentClusters.read(s.file());
                assertThat(mkv.clusters().get(0).blocks().get(0).key()).isTrue();
                for (SegmentClusters.Cluster c : mkv.clusters()) {
                    assertThat(c.lastTime() + 40 - c.timecode()).isLessThanOrEqualTo(1_000);
                }
                Probe.Stream video = Probe.file(s.file()).video();
                assertThat(video.decodeErrors()).isZero();
                assertThat(video.decodedFrames()).isEqualTo(mkv.blockCount());
            }
            assertThat(SegmentClusters.read(segments.get(0).file()).clusters()).hasSize(4);
        }
    }

    @Test
    void denyNewMediaStartsNoSegmentUntilThereIsRoom() throws Exception {
        Path data = dir.resolve("data");
        ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            // DENY_NEW_MEDIA under a 1 MB cap, which the test fills and empties with a segment of its own.
            StreamRoom room = new StreamRoom(Fixtures.STREAM, DeletionRules.of(new DeletionConfig(720,
                    new LocalSizeConfig(1, "DENY_NEW_MEDIA"), false)), index, null); // DENY never asks a janitor
            RecordingConfig config = Fixtures.config(data, MediaSource.file(Fixtures.smallMkv(dir)), room)
                    .withSegmentDuration(Duration.ofSeconds(1)).withClock(time).withTicker(time);
            Recording recording = Recording.start(config, index, null);
            runFor(time, Duration.ofMillis(2_300));
            Segment full = index.add(Fixtures.STREAM, dir.resolve("elsewhere.mkv"), time.instant(), time.instant(),
                    1024 * 1024);
            Instant denied = time.instant();
            runFor(time, Duration.ofMillis(1_200)); // the segment in progress had its room: it ends, then none starts
            assertThat(recording.status().details()).startsWith("Recording is paused").contains("DENY_NEW_MEDIA");
            assertThat(recording.status().status()).isEqualTo(RecorderStatus.Status.USER_ERROR);
            assertThat(Fixtures.partFiles(config.segmentDir())).isZero();
            int whilePaused = index.all(Fixtures.STREAM).size() - 1; // the recording's own
            runFor(time, Duration.ofMillis(1_500));
            assertThat(index.all(Fixtures.STREAM)).hasSize(whilePaused + 1);
            index.remove(full.id());
            Instant allowed = time.instant();
            runFor(time, Duration.ofMillis(2_300));
            recording.close();

            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments.size()).isGreaterThanOrEqualTo(whilePaused + 2);
            assertThat(segments.get(whilePaused - 1).end()).isBeforeOrEqualTo(denied.plusSeconds(1));
            assertThat(segments.get(whilePaused).start()).isAfterOrEqualTo(allowed);
            assertThat(recording.metrics().framesSkipped()).isGreaterThan(25); // over a second of frames while paused
        }
    }

    @Test
    void aWallClockFollowedBackStartsANewSegmentSoNoSegmentsTimesGoBack() throws Exception {
        Path data = dir.resolve("data");
        ManualTime time = new ManualTime(Instant.parse("2027-11-26T12:00:00Z")); // a year ahead, until NTP says so
        RecordingConfig config = Fixtures.config(data, MediaSource.file(Fixtures.smallMkv(dir)))
                .withSegmentDuration(Duration.ofSeconds(10)).withClock(time).withTicker(time);
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            try (Recording recording = Recording.start(config, index, null)) {
                runFor(time, Duration.ofMillis(2_500));
                time.step(Duration.ofDays(-365));
                runFor(time, Duration.ofMillis(2_500));
            }
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSize(2);
            assertThat(segments.get(0).start()).isEqualTo(Instant.parse("2026-11-26T12:00:03Z")); // the one after the step
            assertThat(segments.get(1).start()).isEqualTo(Instant.parse("2027-11-26T12:00:00Z"));
            for (Segment s : segments) {
                List<SegmentClusters.Cluster> clusters = SegmentClusters.read(s.file()).clusters();
                for (int i = 1; i < clusters.size(); i++) {
                    assertThat(clusters.get(i).timecode()).isGreaterThan(clusters.get(i - 1).lastTime());
                }
                assertThat(Probe.file(s.file()).video().decodeErrors()).isZero();
            }
        }
    }

    /** Lets the recording run {@code d} more of the injected time, as fast as it can. */
    private static void runFor(ManualTime time, Duration d) throws InterruptedException {
        time.runUntil(time.elapsed().plus(d));
        assertThat(time.awaitLimit(Duration.ofSeconds(30))).as("the recording kept up").isTrue();
    }
}
