package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.media.h264.Sps;
import org.junit.jupiter.api.Test;

class LoopEncoderTest {
    @Test
    void encodesWholeGopsStartingWithAnIdrWithParameterSets() {
        LoopSpec spec = new LoopSpec(320, 240, 25, 10, 30, 300_000);
        EncodedLoop loop = LoopEncoder.encode(spec);

        assertThat(loop.frames()).isEqualTo(30);
        for (int i = 0; i < 30; i++) {
            assertThat(loop.units().get(i).key()).as("frame %d is a key frame", i).isEqualTo(i % 10 == 0);
        }
        Sps sps = Sps.parse(loop.sps());
        assertThat(sps.width()).isEqualTo(320);
        assertThat(sps.height()).isEqualTo(240);
        assertThat(sps.profileIdc()).isEqualTo(66);
        assertThat(loop.profileLevelId()).startsWith("42");
        assertThat(loop.spropParameterSets()).contains(",");
    }

    @Test
    void camerasWithTheSameSpecShareOneEncoding() {
        LoopSpec spec = new LoopSpec(160, 120, 10, 10, 10, 100_000);
        assertThat(EncodedLoops.get(spec)).isSameAs(EncodedLoops.get(spec));
        assertThat(EncodedLoops.get(new LoopSpec(160, 120, 10, 5, 10, 100_000))).isNotSameAs(EncodedLoops.get(spec));
    }

    @Test
    void everyPictureOfTheLoopDiffers() {
        PatternPainter painter = new PatternPainter(64, 48, 20);
        java.util.Set<String> pictures = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            painter.paint(i);
            pictures.add(java.util.Arrays.toString(painter.luma()));
        }
        assertThat(pictures).hasSize(20);
    }
}
