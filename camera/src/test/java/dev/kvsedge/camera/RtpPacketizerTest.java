package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpPacketizerTest {
    private static byte[] nal(int header, int length) {
        byte[] nal = new byte[length];
        new Random(length).nextBytes(nal);
        nal[0] = (byte) header;
        return nal;
    }

    @Test
    void smallUnitsGoAloneAndOnlyTheLastPacketHasTheMarker() {
        byte[] sps = nal(0x67, 20);
        byte[] pps = nal(0x68, 5);
        byte[] slice = nal(0x65, 1000);
        RtpPackets packets = new RtpPacketizer().packetize(List.of(sps, pps, slice));

        List<byte[]> rtp = sent(packets, 2, 1000, 12345, 0xCAFEBABE);
        assertThat(rtp).hasSize(3);
        assertThat(payload(rtp.get(0))).isEqualTo(sps);
        assertThat(payload(rtp.get(1))).isEqualTo(pps);
        assertThat(payload(rtp.get(2))).isEqualTo(slice);
        assertThat(rtp).extracting(p -> (p[1] & 0x80) != 0).containsExactly(false, false, true);
    }

    @Test
    void largeUnitsAreSplitIntoFuAFragmentsThatReassemble() {
        byte[] slice = nal(0x65, 5000);
        RtpPackets packets = new RtpPacketizer().packetize(List.of(slice));

        List<byte[]> rtp = sent(packets, 0, 65534, 1, 2);
        assertThat(rtp).hasSizeGreaterThan(3)
                .allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(RtpPacketizer.MAX_PACKET));
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        for (int i = 0; i < rtp.size(); i++) {
            byte[] payload = payload(rtp.get(i));
            assertThat(payload[0] & 0x1F).isEqualTo(28); // FU-A
            assertThat(payload[0] & 0xE0).isEqualTo(0x65 & 0xE0); // F and NRI of the unit
            assertThat(payload[1] & 0x1F).isEqualTo(5);
            assertThat((payload[1] & 0x80) != 0).as("start bit").isEqualTo(i == 0);
            assertThat((payload[1] & 0x40) != 0).as("end bit").isEqualTo(i == rtp.size() - 1);
            assertThat((rtp.get(i)[1] & 0x80) != 0).as("marker").isEqualTo(i == rtp.size() - 1);
            if (i == 0) {
                rebuilt.write((payload[0] & 0xE0) | (payload[1] & 0x1F));
            }
            rebuilt.write(payload, 2, payload.length - 2);
        }
        assertThat(rebuilt.toByteArray()).isEqualTo(slice);
    }

    @Test
    void eachClientGetsItsOwnChannelSequenceTimestampAndSsrc() {
        RtpPackets packets = new RtpPacketizer().packetize(List.of(nal(0x41, 3000)));
        ByteBuffer out = ByteBuffer.allocate(packets.size());
        int next = packets.copyTo(out, 4, 65535, 0x80000001, 0x11223344);

        assertThat(next).isEqualTo((65535 + packets.count()) & 0xFFFF);
        out.flip();
        for (int i = 0; i < packets.count(); i++) {
            int p = packets.offset(i);
            assertThat(out.get(p)).isEqualTo((byte) '$');
            assertThat(out.get(p + 1)).isEqualTo((byte) 4);
            assertThat(out.getShort(p + 2) & 0xFFFF).isEqualTo(packets.rtpLength(i));
            assertThat(out.get(p + 4) & 0xFF).isEqualTo(0x80);
            assertThat(out.getShort(p + 6) & 0xFFFF).isEqualTo((65535 + i) & 0xFFFF);
            assertThat(out.getInt(p + 8)).isEqualTo(0x80000001);
            assertThat(out.getInt(p + 12)).isEqualTo(0x11223344);
        }
    }

    /** The RTP packets a client would get, without their TCP prefixes. */
    private static List<byte[]> sent(RtpPackets packets, int channel, int seq, int timestamp, int ssrc) {
        ByteBuffer out = ByteBuffer.allocate(packets.size());
        packets.copyTo(out, channel, seq, timestamp, ssrc);
        List<byte[]> rtp = new ArrayList<>();
        for (int i = 0; i < packets.count(); i++) {
            byte[] packet = new byte[packets.rtpLength(i)];
            out.get(packets.offset(i) + RtpPackets.PREFIX, packet);
            rtp.add(packet);
        }
        return rtp;
    }

    private static byte[] payload(byte[] rtp) {
        byte[] payload = new byte[rtp.length - RtpPackets.HEADER];
        System.arraycopy(rtp, RtpPackets.HEADER, payload, 0, payload.length);
        return payload;
    }
}
