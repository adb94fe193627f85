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

        List<List<Boolean>> clusters = MkvClusters.keyFlags(java.nio.file.Files.readAllBytes(mkv));
        assertThat(clusters).hasSize(3);
        for (List<Boolean> cluster : clusters) {
            assertThat(cluster).hasSize(25);
            assertThat(cluster.get(0)).isTrue();
            assertThat(cluster.subList(1, cluster.size())).containsOnly(false);
        }
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
