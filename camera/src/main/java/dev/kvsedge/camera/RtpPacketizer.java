package dev.kvsedge.camera;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6184 packetization, non-interleaved mode (packetization-mode=1): a NAL unit that fits goes in one packet as
 * it is (single NAL unit packet); a larger one is split into FU-A fragments. The last packet of the access unit
 * carries the marker bit, which is how receivers know a picture is complete.
 */
final class RtpPacketizer {
    /** RTP packets stay at or below this size, header included, to fit an Ethernet MTU with IP, UDP and slack. */
    static final int MAX_PACKET = 1400;
    private static final int FU_A = 28;

    private final int maxPayload;

    RtpPacketizer() {
        this(MAX_PACKET);
    }

    RtpPacketizer(int maxPacket) {
        if (maxPacket < RtpPackets.HEADER + 3) {
            throw new IllegalArgumentException("RTP packets must have room for an FU-A fragment");
        }
        this.maxPayload = maxPacket - RtpPackets.HEADER;
    }

    /** The packets of one access unit, given its NAL units (without start codes) in decoding order. */
    RtpPackets packetize(List<byte[]> nalUnits) {
        if (nalUnits.isEmpty()) {
            throw new IllegalArgumentException("an access unit has at least one NAL unit");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        for (int n = 0; n < nalUnits.size(); n++) {
            byte[] nal = nalUnits.get(n);
            boolean lastNal = n == nalUnits.size() - 1;
            if (nal.length == 0) {
                throw new IllegalArgumentException("empty NAL unit");
            }
            if (nal.length <= maxPayload) {
                offsets.add(out.size());
                header(out, nal.length, lastNal);
                out.write(nal, 0, nal.length);
                continue;
            }
            // FU-A: the indicator keeps the unit's F and NRI bits, the FU header its type; the unit's own header byte
            // is not sent (the receiver rebuilds it from the two)
            int indicator = (nal[0] & 0xE0) | FU_A;
            int type = nal[0] & 0x1F;
            int pos = 1;
            while (pos < nal.length) {
                int chunk = Math.min(maxPayload - 2, nal.length - pos);
                boolean start = pos == 1;
                boolean end = pos + chunk == nal.length;
                offsets.add(out.size());
                header(out, chunk + 2, lastNal && end);
                out.write(indicator);
                out.write((start ? 0x80 : 0) | (end ? 0x40 : 0) | type);
                out.write(nal, pos, chunk);
                pos += chunk;
            }
        }
        return new RtpPackets(out.toByteArray(), offsets.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The TCP prefix and RTP header of a packet; channel, sequence number, timestamp and SSRC are patched later. */
    private static void header(ByteArrayOutputStream out, int payloadLength, boolean marker) {
        int rtpLength = RtpPackets.HEADER + payloadLength;
        out.write('$');
        out.write(0); // channel
        out.write(rtpLength >>> 8);
        out.write(rtpLength);
        out.write(0x80); // version 2, no padding, no extension, no CSRC
        out.write((marker ? 0x80 : 0) | RtpPackets.PAYLOAD_TYPE);
        out.write(new byte[10], 0, 10); // sequence number, timestamp, SSRC
    }
}
