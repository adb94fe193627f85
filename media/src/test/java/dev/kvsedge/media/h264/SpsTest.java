package dev.kvsedge.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.testing.EncodedVideo;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import org.junit.jupiter.api.Test;

class SpsTest {
    @Test
    void readsTheCroppedSizeOfAnEncodersSps() {
        // 1080 lines are 68 macroblock rows (1088) cropped by 8
        EncodedVideo video = TestVideo.encode(new VideoSpec(1920, 1080, 25, 25, 1));
        Sps sps = AvcDecoderConfig.parse(video.track().codecPrivate()).firstSps();
        assertThat(sps.width()).isEqualTo(1920);
        assertThat(sps.height()).isEqualTo(1080);
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
    }

    @Test
    void readsAHighProfileSpsWithScalingListsAndCropping() {
        byte[] nal = highProfileSps(true, 1);
        Sps sps = Sps.parse(nal);
        assertThat(sps.profileIdc()).isEqualTo(100);
        assertThat(sps.levelIdc()).isEqualTo(40);
        assertThat(sps.width()).isEqualTo(1920 - 2 * (3 + 5));
        assertThat(sps.height()).isEqualTo(1088 - 2 * 4);
        assertThat(sps.bitDepthLuma()).isEqualTo(8);
    }

    @Test
    void interlacedCroppingCountsInFieldPairs() {
        Sps sps = Sps.parse(highProfileSps(false, 0));
        // 34 map units of 32 lines when frame_mbs_only is 0; crop units double vertically
        assertThat(sps.height()).isEqualTo(34 * 32 - 4 * 4);
    }

    @Test
    void refusesOtherUnitsAndTruncation() {
        assertThatThrownBy(() -> Sps.parse(new byte[] {0x68, 1, 2})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sps.parse(new byte[] {0x67, 100, 0, 40})).isInstanceOf(IllegalArgumentException.class);
    }

    /** A high profile SPS for 1920x1088 coded, with a scaling list, POC type 1, and frame cropping. */
    static byte[] highProfileSps(boolean frameMbsOnly, int pocType) {
        BitWriter w = new BitWriter();
        w.bits(100, 8).bits(0, 8).bits(40, 8).ue(0); // profile, constraints, level, sps id
        w.ue(1).ue(0).ue(0).bits(0, 1); // chroma 4:2:0, 8-bit, no bypass
        w.bits(1, 1); // seq_scaling_matrix_present_flag
        for (int i = 0; i < 8; i++) {
            w.bits(i == 0 || i == 6 ? 1 : 0, 1);
            if (i == 0 || i == 6) {
                int size = i < 6 ? 16 : 64;
                for (int j = 0; j < size; j++) {
                    w.se(j == 0 ? 8 : 1); // deltas that never reach next_scale 0
                }
            }
        }
        w.ue(0); // log2_max_frame_num_minus4
        w.ue(pocType);
        if (pocType == 0) {
            w.ue(2);
        } else if (pocType == 1) {
            w.bits(0, 1).se(-2).se(3).ue(2).se(1).se(-1);
        }
        w.ue(4).bits(0, 1); // max_num_ref_frames, gaps
        w.ue(119); // 120 macroblocks wide
        if (frameMbsOnly) {
            w.ue(67).bits(1, 1); // 68 rows, frame_mbs_only
        } else {
            w.ue(33).bits(0, 1).bits(1, 1); // 34 map units, fields, mb_adaptive
        }
        w.bits(1, 1); // direct_8x8_inference
        w.bits(1, 1);
        if (frameMbsOnly) {
            w.ue(3).ue(5).ue(0).ue(4);
        } else {
            w.ue(0).ue(0).ue(0).ue(4);
        }
        w.bits(0, 1); // no VUI
        byte[] rbsp = w.rbsp();
        byte[] nal = new byte[rbsp.length + 1];
        nal[0] = 0x67;
        System.arraycopy(rbsp, 0, nal, 1, rbsp.length);
        return nal;
    }
}
