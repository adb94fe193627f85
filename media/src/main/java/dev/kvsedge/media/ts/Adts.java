package dev.kvsedge.media.ts;

import dev.kvsedge.media.mp4.AudioSpecificConfig;

/**
 * ADTS framing for raw AAC frames (ISO/IEC 13818-7 6.2, 14496-3 1.A.2): MPEG-TS carries AAC as stream type 0x0F,
 * an ADTS stream, where each frame has a seven-byte header repeating the decoder configuration.
 */
final class Adts {
    private static final int HEADER = 7;
    private static final int MAX_FRAME = (1 << 13) - 1;

    private Adts() {}

    /**
     * Checks that the configuration fits an ADTS header.
     *
     * @throws IllegalArgumentException for object types above 4 (the header has two bits of profile) or a rate
     *     without a standard index
     */
    static void check(AudioSpecificConfig config) {
        if (config.objectType() < 1 || config.objectType() > 4) {
            throw new IllegalArgumentException("AAC object type " + config.objectType() + " cannot be carried in ADTS");
        }
        if (config.samplingFrequencyIndex() > 12) {
            throw new IllegalArgumentException("AAC sampling rate " + config.sampleRate() + " has no ADTS index");
        }
        if (config.channelConfiguration() > 7) {
            throw new IllegalArgumentException(
                    "AAC channel configuration " + config.channelConfiguration() + " cannot be carried in ADTS");
        }
    }

    static byte[] frame(AudioSpecificConfig config, byte[] raw) {
        int length = HEADER + raw.length;
        if (length > MAX_FRAME) {
            throw new IllegalArgumentException("AAC frame of " + raw.length + " bytes is too large for ADTS");
        }
        int profile = config.objectType() - 1;
        int rate = config.samplingFrequencyIndex();
        int channels = config.channelConfiguration();
        byte[] out = new byte[length];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xF1; // syncword, MPEG-4, layer 0, no CRC
        out[2] = (byte) ((profile << 6) | (rate << 2) | (channels >>> 2));
        out[3] = (byte) (((channels & 3) << 6) | (length >>> 11));
        out[4] = (byte) (length >>> 3);
        out[5] = (byte) (((length & 7) << 5) | 0x1F); // buffer fullness 0x7FF: variable rate
        out[6] = (byte) 0xFC; // rest of buffer fullness, one raw data block
        System.arraycopy(raw, 0, out, HEADER, raw.length);
        return out;
    }
}
