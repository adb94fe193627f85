package dev.kvsedge.media.mp4;

/**
 * The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1), Matroska's CodecPrivate for A_AAC,
 * that remuxing needs: the sample rate and frame length for the MP4 timescale and sample durations, and the
 * core object type, rate index and channels for ADTS headers in MPEG-TS.
 *
 * @param objectType the core audio object type (2 for AAC LC; for explicitly signalled HE-AAC the AAC core)
 * @param samplingFrequencyIndex the core rate's index, or 15 when the rate is given explicitly
 * @param sampleRate the core sampling rate in Hz, the rate of the frames as coded
 * @param channelConfiguration channel configuration (1 mono, 2 stereo, ...)
 * @param frameLength samples per frame: 1024, or 960 when frameLengthFlag is set (512 or 480 for low delay)
 * @param bytes the record as given, for the esds box
 */
public record AudioSpecificConfig(int objectType, int samplingFrequencyIndex, int sampleRate, int channelConfiguration,
        int frameLength, byte[] bytes) {
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
            8000, 7350};

    /**
     * Parses the record.
     *
     * @throws IllegalArgumentException when it is missing, truncated or names no sampling rate
     */
    public static AudioSpecificConfig parse(byte[] asc) {
        if (asc == null || asc.length < 2) {
            throw new IllegalArgumentException("AAC codec private data (AudioSpecificConfig) is missing or too short");
        }
        Bits r = new Bits(asc);
        int objectType = objectType(r);
        int rateIndex = r.read(4);
        int rate = rateIndex == 15 ? r.read(24) : rateIndex < RATES.length ? RATES[rateIndex] : 0;
        int channels = r.read(4);
        if (objectType == 5 || objectType == 29) {
            // Explicit SBR/PS signalling: an extension rate, then the core object type. The rate above is the core's.
            int extensionIndex = r.read(4);
            if (extensionIndex == 15) {
                r.read(24);
            }
            objectType = objectType(r);
        }
        if (rate <= 0) {
            throw new IllegalArgumentException(
                    "AAC AudioSpecificConfig has an invalid sampling frequency index " + rateIndex);
        }
        int frameLength = 1024;
        if (objectType == 23 || objectType == 39) {
            frameLength = r.read(1) == 1 ? 480 : 512; // low delay: frameLengthFlag of GA- or ELDSpecificConfig
        } else if (objectType == 1 || objectType == 2 || objectType == 3 || objectType == 4 || objectType == 6
                || objectType == 7 || objectType == 17 || objectType == 19 || objectType == 20 || objectType == 21
                || objectType == 22) {
            frameLength = r.read(1) == 1 ? 960 : 1024; // GASpecificConfig frameLengthFlag
        }
        return new AudioSpecificConfig(objectType, rateIndex, rate, channels, frameLength, asc.clone());
    }

    private static int objectType(Bits r) {
        int type = r.read(5);
        return type == 31 ? 32 + r.read(6) : type;
    }

    /** The RFC 6381 codecs parameter, for example {@code mp4a.40.2}. */
    public String codecString() {
        return "mp4a.40." + objectType;
    }

    private static final class Bits {
        private final byte[] data;
        private int bit;

        Bits(byte[] data) {
            this.data = data;
        }

        int read(int count) {
            int value = 0;
            for (int i = 0; i < count; i++) {
                if (bit >= data.length * 8) {
                    throw new IllegalArgumentException("AAC AudioSpecificConfig is truncated");
                }
                value = (value << 1) | ((data[bit >>> 3] >>> (7 - (bit & 7))) & 1);
                bit++;
            }
            return value;
        }
    }
}
