package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.time.ManualTime;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRecordingTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void encoderPresent() {
        assumeTrue(TestVideo.available(), "FFmpeg's H.264 encoder is needed to make test video");
    }

    @Test
    void aLoopingFileIsRecordedAtItsPaceIntoKeyFramedSegments() throws Exception {
        Path data = dir.resolve("data");
        MediaSource source = MediaSource.of("FILE_URI", Fixtures.smallMkv(dir).toUri().toString());
        List<Segment> announced = new CopyOnWriteArrayList<>();
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
            RecordingConfig config = Fixtures.config(data, source).withClock(time).withTicker(time);
            Instant started = time.instant();
            Recording recording = Recording.start(config, index, new RecordingListener() {
                @Override
                public void segmentIndexed(Segment segment) {
                    announced.add(segment);
                }
            });
            time.runUntil(Duration.ofMillis(5_200));
            assertThat(time.awaitLimit(Duration.ofSeconds(30))).isTrue();
            recording.close();
            Instant stopped = time.instant();

            assertThat(recording.status().status()).isEqualTo(Status.SUCCESS);
            assertThat(recording.status().lastCollectedTime()).isBetween(started, stopped);
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSize(3).isEqualTo(announced);
            assertThat(Fixtures.partFiles(config.segmentDir())).isZero();

            // Wall-clock times, in order, without overlap, spanning the recording.
            assertThat(segments.get(0).start()).isEqualTo(started);
            assertThat(segments.get(segments.size() - 1).end()).isBetween(stopped, stopped.plusMillis(40));
            for (int i = 0; i < segments.size(); i++) {
                Segment s = segments.get(i);
                assertThat(s.end()).isAfter(s.start());
                assertThat(s.uploaded()).isFalse();
                assertThat(s.sizeBytes()).isEqualTo(Files.size(s.file()));
                assertThat(s.file().getFileName().toString()).isEqualTo(s.start().toEpochMilli() + ".mkv");
                if (i > 0) {
                    assertThat(s.start()).isAfterOrEqualTo(segments.get(i - 1).end().minusMillis(1));
                    assertThat(Duration.between(segments.get(i - 1).end(), s.start()).abs())
                            .isLessThan(Duration.ofMillis(50));
                }
                if (i < segments.size() - 1) { // the last one was cut by the stop
                    assertThat(Duration.between(s.start(), s.end())).isBetween(Duration.ofMillis(1900),
                            Duration.ofMillis(2100));
                }
            }

            long frames = 0;
            for (Segment s : segments) {
                SegmentClusters mkv = SegmentClusters.read(s.file());
                assertThat(mkv.timecodeScale()).isEqualTo(1_000_000);
                Track track = mkv.tracks().get(0);
                assertThat(track.isH264()).isTrue();
                assertThat(track.width()).isEqualTo(320);
                assertThat(track.height()).isEqualTo(240);
                assertThat(mkv.clusters().get(0).timecode()).isEqualTo(s.start().toEpochMilli());
                for (SegmentClusters.Cluster c : mkv.clusters()) {
                    assertThat(c.blocks().get(0).key()).as("cluster at %d opens with a key frame", c.timecode())
                            .isTrue();
                    assertThat(c.blocks().stream().filter(SegmentClusters.Block::key)).hasSize(1);
                    assertThat(c.lastTime() - c.timecode()).isLessThan(10_000);
                    assertThat(c.blocks()).allSatisfy(b -> assertThat(b.time()).isBetween(s.start().toEpochMilli(),
                            s.end().toEpochMilli()));
                }
                Probe.Stream video = Probe.file(s.file()).video();
                assertThat(video.codecName()).isEqualTo("h264");
                assertThat(video.decodeErrors()).isZero();
                assertThat(video.decodedFrames()).isEqualTo(mkv.blockCount()).isEqualTo(video.packets());
                // Frame spacing is the file's 40 ms, so a segment holds its duration's worth of frames.
                long spanMs = Duration.between(s.start(), s.end()).toMillis();
                assertThat(video.decodedFrames()).isCloseTo((int) (spanMs / 40),
                        org.assertj.core.data.Offset.offset(1));
                frames += video.decodedFrames();
            }
            long recordedMs = Duration.between(segments.get(0).start(), segments.get(segments.size() - 1).end())
                    .toMillis();
            assertThat(frames).isCloseTo(recordedMs * Fixtures.FPS / 1000, org.assertj.core.data.Offset.offset(2L));
            // Real time: the frames the 5.2 s of time recorded hold (the one due at the stop included).
            assertThat(frames).isBetween(52L * Fixtures.FPS / 10, 52L * Fixtures.FPS / 10 + 1);
            assertThat(recording.metrics().frames()).isEqualTo(frames);
            assertThat(recording.metrics().segments()).isEqualTo(segments.size());
            assertThat(recording.metrics().reconnects()).isZero();
        }
    }

    @Test
    void theAacAudioOfAFileIsRecordedAlongTheVideo() throws Exception {
        Path data = dir.resolve("data");
        Path source = TestVideo.writeMkv(dir.resolve("with-audio.mkv"), VideoSpec.small().withAudio());
        ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            Recording recording = Recording.start(
                    Fixtures.config(data, MediaSource.file(source)).withClock(time).withTicker(time),
                    index, null);
            time.runUntil(Duration.ofMillis(5_200));
            assertThat(time.awaitLimit(Duration.ofSeconds(30))).isTrue();
            assertThat(recording.status().details()).isEqualTo("Recording " + MediaSource.file(source).display()
                    + " (H.264 video and AAC audio)");
            recording.close();

            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSize(3);
            long audioFrames = 0;
            for (Segment s : segments) {
                SegmentClusters mkv = SegmentClusters.read(s.file());
                assertThat(mkv.tracks()).extracting(Track::codecId).containsExactly(Track.H264, Track.AAC);
                assertThat(mkv.tracks().get(1).samplingFrequency()).isEqualTo(48_000);
                assertThat(mkv.tracks().get(1).channels()).isEqualTo(2);
                Probe.Result probe = Probe.file(s.file());
                assertThat(probe.video().decodeErrors()).isZero();
                assertThat(probe.audio().codecName()).isEqualTo("aac");
                assertThat(probe.audio().decodeErrors()).isZero();
                audioFrames += probe.audio().decodedFrames();
            }
            // 5.2 s of 48 kHz audio in frames of 1024 samples (about 244), give or take the audio read along the last
            // video frame (audio is written as it is read, not paced) and what came before the first key frame.
            assertThat(audioFrames).isBetween(5_200L * 48 / 1024 - 6, 5_200L * 48 / 1024 + 6);
        }
    }

    @Test
    void anMp4FileThatEndsEndsTheRecordingWhenNotLooping() throws Exception {
        Path data = dir.resolve("data");
        Path mp4 = TestVideo.writeMp4(dir.resolve("clip.mp4"), new VideoSpec(320, 240, 25, 25, 50));
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            Recording recording = Recording.start(Fixtures.config(data, MediaSource.file(mp4)).withLoopFile(false),
                    index,
                    null);
            assertThat(recording.await(Duration.ofSeconds(10))).isTrue();
            assertThat(recording.status().status()).isEqualTo(Status.SUCCESS);
            assertThat(recording.status().details()).contains("ended");
            List<Segment> segments = index.all(Fixtures.STREAM);
            assertThat(segments).hasSize(1);
            Probe.Stream video = Probe.file(segments.get(0).file()).video();
            assertThat(video.decodedFrames()).isEqualTo(50);
            assertThat(video.decodeErrors()).isZero();
            assertThat(Duration.between(segments.get(0).start(), segments.get(0).end()).toMillis()).isEqualTo(2000);
        }
    }
}
