package dev.kvsedge.media.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioSpecificConfigTest {
    @Test
    void readsAacLc() {
        AudioSpecificConfig c = AudioSpecificConfig.parse(new byte[] {0x11, (byte) 0x90}); // LC, 48 kHz, stereo
        assertThat(c.objectType()).isEqualTo(2);
        assertThat(c.sampleRate()).isEqualTo(48_000);
        assertThat(c.samplingFrequencyIndex()).isEqualTo(3);
        assertThat(c.channelConfiguration()).isEqualTo(2);
        assertThat(c.frameLength()).isEqualTo(1024);
        assertThat(c.codecString()).isEqualTo("mp4a.40.2");
    }

    @Test
    void explicitHeAacReportsItsCore() {
        // AOT 29 (PS), core 24 kHz mono, SBR at 48 kHz, core AOT 2
        AudioSpecificConfig c = AudioSpecificConfig.parse(new byte[] {(byte) 0xEB, 0x09, (byte) 0x88, 0x00});
        assertThat(c.objectType()).isEqualTo(2);
        assertThat(c.sampleRate()).isEqualTo(24_000);
        assertThat(c.channelConfiguration()).isEqualTo(1);
    }

    @Test
    void readsEscapedObjectTypesAndExplicitRates() {
        AudioSpecificConfig eld = AudioSpecificConfig.parse(new byte[] {(byte) 0xF8, (byte) 0xE6, 0x20, 0, 0});
        assertThat(eld.objectType()).isEqualTo(39);
        assertThat(eld.frameLength()).isEqualTo(512);
        // LC at an explicit 50000 Hz: index 15 then 24 bits
        AudioSpecificConfig odd = AudioSpecificConfig.parse(new byte[] {0x17, (byte) 0x80, 0x61, (byte) 0xA8, 0x10});
        assertThat(odd.samplingFrequencyIndex()).isEqualTo(15);
        assertThat(odd.sampleRate()).isEqualTo(50_000);
        assertThat(odd.channelConfiguration()).isEqualTo(2);
    }

    @Test
    void refusesMissingOrTruncatedConfig() {
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioSpecificConfig.parse(new byte[] {0x17, (byte) 0x80}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
