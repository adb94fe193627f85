package dev.kvsedge.camera;

import java.nio.ByteBuffer;

/**
 * The RTP packets of one access unit, made once and shared by every client of every camera that serves the loop:
 * each packet is stored as it goes over RTSP's interleaved TCP framing ({@code '$'}, channel, 16-bit length, then
 * the RTP packet), with the fields that differ per client (channel, sequence number, timestamp, SSRC) left zero.
 * Sending to a client is then one copy and four small patches per packet; UDP sends the same bytes without the
 * four-byte prefix.
 */
final class RtpPackets {
    /** Bytes before each RTP packet: '$', channel, length. */
    static final int PREFIX = 4;
    static final int HEADER = 12;
    static final int PAYLOAD_TYPE = 96;

    private final byte[] data;
    private final int[] offsets;

    RtpPackets(byte[] data, int[] offsets) {
        this.data = data;
        this.offsets = offsets;
    }

    int count() {
        return offsets.length;
    }

    /** Bytes of all packets with their TCP prefixes: what one client's copy takes. */
    int size() {
        return data.length;
    }

    /** Where packet {@code i}'s TCP prefix starts, in the bytes {@link #copyTo} writes. */
    int offset(int i) {
        return offsets[i];
    }

    /** The length of packet {@code i}'s RTP packet, without its prefix. */
    int rtpLength(int i) {
        int end = i + 1 < offsets.length ? offsets[i + 1] : data.length;
        return end - offsets[i] - PREFIX;
    }

    /**
     * Writes the packets into {@code out} (from its position, which advances) for one client.
     *
     * @param firstSeq the first packet's sequence number; the rest follow, wrapping at 65536
     * @return the sequence number after the last packet
     */
    int copyTo(ByteBuffer out, int channel, int firstSeq, int timestamp, int ssrc) {
        int base = out.position();
        out.put(data);
        int seq = firstSeq;
        for (int offset : offsets) {
            int p = base + offset;
            out.put(p + 1, (byte) channel);
            out.putShort(p + PREFIX + 2, (short) seq);
            out.putInt(p + PREFIX + 4, timestamp);
            out.putInt(p + PREFIX + 8, ssrc);
            seq = (seq + 1) & 0xFFFF;
        }
        return seq;
    }
}
