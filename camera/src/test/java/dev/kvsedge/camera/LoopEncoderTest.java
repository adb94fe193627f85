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
    void encodes1080p() {
        long t = System.nanoTime();
        EncodedLoop loop = LoopEncoder.encode(new LoopSpec(1920, 1080, 25, 25, 100, 2_000_000));
        System.out.println("1080p: " + (System.nanoTime() - t) / 1_000_000 + " ms, " + loop.bytes() + " bytes, largest " + loop.largestUnit());
        assertThat(Sps.parse(loop.sps()).height()).isEqualTo(1080);
    }
}
