package dev.kvsedge.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NalUnitsTest {
    @Test
    void splitsAnnexBWithThreeAndFourByteStartCodes() {
        byte[] stream = {0, 0, 0, 1, 0x09, (byte) 0xF0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x65, 0, 0, 3, 1};
        List<byte[]> units = NalUnits.splitAnnexB(stream);
        assertThat(units).hasSize(3);
        assertThat(units.get(0)).containsExactly(0x09, 0xF0);
        assertThat(units.get(1)).containsExactly(0x67, 1, 2);
        assertThat(units.get(2)).containsExactly(0x65, 0, 0, 3, 1);
    }

    @Test
    void avccAndAnnexBConvertBothWays() {
        List<byte[]> units = List.of(new byte[] {0x67, 1}, new byte[] {0x68, 2, 3}, new byte[] {0x65, 4, 5, 6});
        byte[] avcc = NalUnits.toAvcc(units);
        assertThat(avcc).containsExactly(0, 0, 0, 2, 0x67, 1, 0, 0, 0, 3, 0x68, 2, 3, 0, 0, 0, 4, 0x65, 4, 5, 6);
        assertThat(NalUnits.annexBToAvcc(NalUnits.toAnnexB(units))).isEqualTo(avcc);
        assertThat(NalUnits.splitAvcc(avcc, 4)).extracting(NalUnits::type).containsExactly(7, 8, 5);
    }

    @Test
    void readsShortLengthPrefixes() {
        byte[] sample = {0, 2, 0x41, 9, 0, 1, 0x06};
        assertThat(NalUnits.splitAvcc(sample, 2)).extracting(NalUnits::type).containsExactly(1, 6);
    }

    @Test
    void refusesLengthsPastTheSample() {
        assertThatThrownBy(() -> NalUnits.splitAvcc(new byte[] {0, 0, 0, 5, 0x65}, 4))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NalUnits.splitAvcc(new byte[] {0, 0}, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
