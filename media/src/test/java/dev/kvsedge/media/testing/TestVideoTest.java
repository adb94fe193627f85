package dev.kvsedge.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.h264.AvcDecoderConfig;
import dev.kvsedge.media.h264.NalUnits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestVideoTest {
    @TempDir
    Path dir;

    @Test
    void theEncoderIsThere() {
        assertThat(TestVideo.available()).isTrue();
    }

    @Test
    void encodesEveryFrameWithKeyFramesOnTheGop() {
        VideoSpec spec = new VideoSpec(160, 120, 25, 10, 30);
        EncodedVideo video = TestVideo.encode(spec);

        assertThat(video.frames()).hasSize(30);
        for (int i = 0; i < 30; i++) {
            Frame frame = video.frames().get(i);
            assertThat(frame.ptsNanos()).isEqualTo(i * 40_000_000L);
            assertThat(frame.keyFrame()).as("frame %d is a key frame", i).isEqualTo(i % 10 == 0);
            // AVCC: the length prefixes cover the sample exactly
            assertThat(NalUnits.splitAvcc(frame.data(), 4)).isNotEmpty();
        }
        assertThat(video.fragments()).hasSize(3).allSatisfy(f -> assertThat(f).hasSize(10));
        AvcDecoderConfig avc = AvcDecoderConfig.parse(video.track().codecPrivate());
        assertThat(avc.firstSps().width()).isEqualTo(160);
        assertThat(avc.firstSps().height()).isEqualTo(120);
    }

    @Test
    void mkvPlaysAndEachClusterStartsWithAKeyFrame() throws Exception {
        VideoSpec spec = new VideoSpec(320, 240, 25, 25, 75);
        Path mkv = TestVideo.writeMkv(dir.resolve("test.mkv"), spec);

        Probe.Result result = Probe.file(mkv);
        assertThat(result.formatName()).isEqualTo("matroska,webm");
        Probe.Stream video = result.video();
        assertThat(video.codecName()).isEqualTo("h264");
        assertThat(video.width()).isEqualTo(320);
        assertThat(video.height()).isEqualTo(240);
        assertThat(video.decodedFrames()).isEqualTo(75);
        assertThat(video.decodeErrors()).isZero();
        assertThat(video.firstPts()).isEqualTo(0.0);
        assertThat(video.lastPts()).isEqualTo(2.96, org.assertj.core.data.Offset.offset(0.001));

        List<List<MkvClusters.Block>> clusters = MkvClusters.of(java.nio.file.Files.readAllBytes(mkv));
        assertThat(clusters).hasSize(3);
        for (List<MkvClusters.Block> cluster : clusters) {
            assertThat(cluster).hasSize(25);
            assertThat(cluster.get(0).key()).isTrue();
            assertThat(cluster.subList(1, cluster.size())).extracting(MkvClusters.Block::key).containsOnly(false);
        }
    }

    @Test
    void addsAacAudioWhenAsked() throws Exception {
        VideoSpec spec = new VideoSpec(320, 240, 25, 25, 75).withAudio();
        EncodedVideo encoded = TestVideo.encode(spec);
        assertThat(encoded.tracks()).hasSize(2);
        assertThat(encoded.videoFrames()).hasSize(75);
        // 3 s of 48 kHz in 1024-sample frames, and the frame the encoder's delay pushes out at the end
        assertThat(encoded.audioFrames()).hasSizeBetween(141, 142);
        assertThat(encoded.audioFrames().get(0).ptsNanos()).isZero();
        assertThat(encoded.audio().codecId()).isEqualTo("A_AAC");
        assertThat(encoded.fragments()).hasSize(3);
        for (int i = 1; i < encoded.frames().size(); i++) {
            assertThat(encoded.frames().get(i).ptsNanos())
                    .isGreaterThanOrEqualTo(encoded.frames().get(i - 1).ptsNanos());
        }

        Path mkv = TestVideo.writeMkv(dir.resolve("av.mkv"), spec);
        Probe.Result result = Probe.file(mkv);
        assertThat(result.video().decodedFrames()).isEqualTo(75);
        assertThat(result.audio().codecName()).isEqualTo("aac");
        assertThat(result.audio().sampleRate()).isEqualTo(48_000);
        assertThat(result.audio().channels()).isEqualTo(2);
        assertThat(result.audio().decodedFrames()).isEqualTo(encoded.audioFrames().size());
        assertThat(result.audio().decodeErrors()).isZero();
        List<List<MkvClusters.Block>> clusters = MkvClusters.of(java.nio.file.Files.readAllBytes(mkv));
        // FFmpeg holds each audio packet back until the next packet comes, so an audio block a few milliseconds
        // older than the key frame may open the cluster; the video in each cluster is one whole GOP.
        assertThat(clusters).hasSize(3).allSatisfy(cluster -> {
            List<Boolean> video = cluster.stream().filter(b -> b.track() == TestVideo.TRACK_NUMBER)
                    .map(MkvClusters.Block::key).toList();
            assertThat(video).hasSize(25);
            assertThat(video.get(0)).isTrue();
            assertThat(video.subList(1, 25)).containsOnly(false);
            assertThat(cluster.subList(0, 2)).contains(new MkvClusters.Block(TestVideo.TRACK_NUMBER, true));
        });
    }

    @Test
    void mp4Plays() {
        Path mp4 = TestVideo.writeMp4(dir.resolve("test.mp4"), new VideoSpec(320, 240, 30, 30, 60));
        Probe.Result result = Probe.file(mp4);
        assertThat(result.formatName()).startsWith("mov,mp4");
        assertThat(result.video().decodedFrames()).isEqualTo(60);
        assertThat(result.video().decodeErrors()).isZero();
        assertThat(result.durationSeconds()).isEqualTo(2.0, org.assertj.core.data.Offset.offset(0.034));
    }
}
