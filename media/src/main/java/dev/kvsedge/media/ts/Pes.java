package dev.kvsedge.media.ts;

/** PES packets (ISO/IEC 13818-1 2.4.3.6) with PTS, and DTS when it differs. */
final class Pes {
    static final int VIDEO_STREAM_ID = 0xE0;
    static final int AUDIO_STREAM_ID = 0xC0;
    private static final long WRAP = 1L << 33;

    private Pes() {}

    /**
     * A PES packet around {@code payload}. PES_packet_length is 16 bits; a larger video packet says 0 ("unbounded"),
     * which 13818-1 allows for video elementary streams in transport streams.
     *
     * @param pts presentation time, 90 kHz
     * @param dts decode time, 90 kHz; left out when equal to the PTS
     */
    static byte[] packet(int streamId, long pts, long dts, byte[] payload) {
        boolean withDts = dts != pts;
        int headerData = withDts ? 10 : 5;
        int length = 3 + headerData + payload.length;
        if (length > 0xFFFF) {
            if (streamId != VIDEO_STREAM_ID) {
                throw new IllegalArgumentException(
                        "audio frame of " + payload.length + " bytes is too large for one PES packet");
            }
            length = 0;
        }
        byte[] pes = new byte[9 + headerData + payload.length];
        pes[2] = 1; // packet_start_code_prefix 00 00 01
        pes[3] = (byte) streamId;
        pes[4] = (byte) (length >>> 8);
        pes[5] = (byte) length;
        pes[6] = (byte) 0x84; // '10' marker, data_alignment_indicator: an access unit starts the payload
        pes[7] = (byte) (withDts ? 0xC0 : 0x80); // PTS_DTS_flags
        pes[8] = (byte) headerData;
        timestamp(pes, 9, withDts ? 0x3 : 0x2, pts);
        if (withDts) {
            timestamp(pes, 14, 0x1, dts);
        }
        System.arraycopy(payload, 0, pes, 9 + headerData, payload.length);
        return pes;
    }

    /** A 33-bit timestamp in five bytes with its four-bit prefix and marker bits. */
    private static void timestamp(byte[] out, int at, int prefix, long time) {
        long t = Math.floorMod(time, WRAP);
        out[at] = (byte) ((prefix << 4) | ((t >>> 29) & 0x0E) | 1);
        out[at + 1] = (byte) (t >>> 22);
        out[at + 2] = (byte) (((t >>> 14) & 0xFE) | 1);
        out[at + 3] = (byte) (t >>> 7);
        out[at + 4] = (byte) (((t << 1) & 0xFE) | 1);
    }
}
