package dev.kvsedge.camera;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An RTCP compound packet of a sender report and a CNAME (RFC 3550 sections 6.4.1 and 6.5), which ties the
 * stream's RTP timestamps to wall-clock time: receivers such as FFmpeg use it for their real-time start.
 */
final class RtcpSenderReport {
    /** Seconds from 1900 (NTP's epoch) to 1970 (Java's). */
    private static final long NTP_OFFSET = 2_208_988_800L;
    private static final byte[] CNAME = "kvs-edge-camera".getBytes(StandardCharsets.US_ASCII);

    private RtcpSenderReport() {}

    /**
     * Writes the packet, with a TCP interleaving prefix when {@code channel} is not negative.
     *
     * @param wallNanos the wall-clock time (nanoseconds since 1970) of {@code rtpTimestamp}
     */
    static void write(ByteBuffer out, int channel, int ssrc, long wallNanos, int rtpTimestamp, long packets,
            long octets) {
        int sdesLength = 4 + 4 + 2 + CNAME.length + 1; // header, SSRC, item type and length, text, end of items
        int sdesPadded = (sdesLength + 3) & ~3;
        int length = 28 + sdesPadded;
        if (channel >= 0) {
            out.put((byte) '$').put((byte) channel).putShort((short) length);
        }
        long seconds = Math.floorDiv(wallNanos, 1_000_000_000L);
        long fraction = (Math.floorMod(wallNanos, 1_000_000_000L) << 32) / 1_000_000_000L;
        out.put((byte) 0x80).put((byte) 200).putShort((short) 6); // V=2, no report blocks, SR, 7 words
        out.putInt(ssrc);
        out.putInt((int) (seconds + NTP_OFFSET)).putInt((int) fraction);
        out.putInt(rtpTimestamp);
        out.putInt((int) packets).putInt((int) octets);
        out.put((byte) 0x81).put((byte) 202).putShort((short) (sdesPadded / 4 - 1)); // V=2, one chunk, SDES
        out.putInt(ssrc);
        out.put((byte) 1).put((byte) CNAME.length).put(CNAME);
        for (int i = 4 + 4 + 2 + CNAME.length; i < sdesPadded; i++) {
            out.put((byte) 0); // end of items, then padding to a 32-bit boundary
        }
    }
}
