package dev.kvsedge.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvcDecoderConfigTest {
    @Test
    void roundTripsAnEncodersRecord() {
        byte[] avcC = TestVideo.encode(new VideoSpec(160, 120, 25, 25, 1)).track().codecPrivate();
        AvcDecoderConfig config = AvcDecoderConfig.parse(avcC);
        assertThat(config.nalLengthSize()).isEqualTo(4);
        assertThat(config.sps()).hasSize(1);
        assertThat(config.pps()).hasSize(1);
        assertThat(config.toBytes()).isEqualTo(avcC);
        assertThat(config.codecString()).matches("avc1\\.[0-9a-f]{6}");
    }

    @Test
    void highProfileRecordsCarryTheChromaExtension() {
        byte[] sps = SpsTest.highProfileSps(true, 0);
        AvcDecoderConfig config = new AvcDecoderConfig(100, 0, 40, 4, List.of(sps),
                List.of(new byte[] {0x68, (byte) 0xEE, 0x3C, (byte) 0x80}));
        byte[] bytes = config.toBytes();
        assertThat(bytes).hasSize(6 + 2 + sps.length + 1 + 2 + 4 + 4);
        assertThat(bytes[bytes.length - 4] & 0xFF).isEqualTo(0xFC | 1);
        assertThat(AvcDecoderConfig.parse(bytes).sps().get(0)).isEqualTo(sps);
    }

    @Test
    void refusesWhatIsNotARecord() {
        assertThatThrownBy(() -> AvcDecoderConfig.parse(new byte[0])).hasMessageContaining("missing");
        assertThatThrownBy(() -> AvcDecoderConfig.parse(new byte[] {0, 0, 0, 1, 0x67, 0, 0}))
                .hasMessageContaining("not an avcC");
        assertThatThrownBy(
                () -> AvcDecoderConfig.parse(new byte[] {1, 66, 0, 30, (byte) 0xFF, (byte) 0xE1, 0, 20, 0x67}))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> AvcDecoderConfig.parse(new byte[] {1, 66, 0, 30, (byte) 0xFF, (byte) 0xE0, 0}))
                .hasMessageContaining("no SPS");
    }
}
