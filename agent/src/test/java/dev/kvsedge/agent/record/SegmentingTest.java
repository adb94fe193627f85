package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.time.ManualTime;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
        RecordingConfig config = Fixtures.config(data, MediaSource.file(file)).withMaxClusterDuration(Duration.ofSeconds(1))
                .withClock(time).withTicker(time);
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            try (Recording recording = Recording.start(config, index, null)) {
                runFor(time, Duration.ofSeconds(5));
            }
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSize(2);
            // The 2 s target is reached mid-GOP: the segment goes on to the next key frame.
            assertThat(Duration.between(segments.get(0).start(), segments.get(0).end())).isEqualTo(Duration.ofSeconds(4));
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
    void noSegmentStartsWhileTheCallerSaysNo() throws Exception {
        Path data = dir.resolve("data");
        AtomicBoolean mayWrite = new AtomicBoolean(true);
        ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
        RecordingConfig config = Fixtures.config(data, MediaSource.file(Fixtures.smallMkv(dir)), mayWrite::get)
                .withSegmentDuration(Duration.ofSeconds(1)).withClock(time).withTicker(time);
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data);
             Recording recording = Recording.start(config, index, null)) {
            runFor(time, Duration.ofMillis(2_300));
            mayWrite.set(false);
            Instant denied = time.instant();
            runFor(time, Duration.ofMillis(1_200)); // the segment in progress completes at the next key frame, then nothing starts
            assertThat(recording.status().details()).startsWith("Paused");
            assertThat(recording.status().status()).isEqualTo(RecorderStatus.Status.SUCCESS);
            assertThat(Fixtures.partFiles(config.segmentDir())).isZero();
            int whilePaused = index.all(Fixtures.STREAM).size();
            runFor(time, Duration.ofMillis(1_500));
            assertThat(index.all(Fixtures.STREAM)).hasSize(whilePaused);
            mayWrite.set(true);
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

    /** Lets the recording run {@code d} more of the injected time, as fast as it can. */
    private static void runFor(ManualTime time, Duration d) throws InterruptedException {
        time.runUntil(time.elapsed().plus(d));
        assertThat(time.awaitLimit(Duration.ofSeconds(30))).as("the recording kept up").isTrue();
    }
}
