package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RtcpSenderReportTest {
    @Test
    void aSenderReportAndACnameInWholeWords() {
        ByteBuffer out = ByteBuffer.allocate(256);
        long wall = 1_700_000_000_500_000_000L; // half a second past a whole second
        RtcpSenderReport.write(out, 1, 0x01020304, wall, 0xAABBCCDD, 10, 12_000);
        out.flip();

        assertThat(out.get(0)).isEqualTo((byte) '$');
        assertThat(out.get(1)).isEqualTo((byte) 1);
        int length = out.getShort(2) & 0xFFFF;
        assertThat(out.remaining()).isEqualTo(4 + length);
        assertThat(length % 4).isZero();
        // sender report: V=2, PT 200, 6 + 1 words, the SSRC, NTP time, RTP time, counts
        assertThat(out.get(4) & 0xFF).isEqualTo(0x80);
        assertThat(out.get(5) & 0xFF).isEqualTo(200);
        assertThat(out.getShort(6)).isEqualTo((short) 6);
        assertThat(out.getInt(8)).isEqualTo(0x01020304);
        assertThat(out.getInt(12) & 0xFFFFFFFFL).isEqualTo(1_700_000_000L + 2_208_988_800L);
        assertThat(out.getInt(16) & 0xFFFFFFFFL).isEqualTo(1L << 31);
        assertThat(out.getInt(20)).isEqualTo(0xAABBCCDD);
        assertThat(out.getInt(24)).isEqualTo(10);
        assertThat(out.getInt(28)).isEqualTo(12_000);
        // then SDES with the CNAME, its length in words matching what is there
        assertThat(out.get(32) & 0xFF).isEqualTo(0x81);
        assertThat(out.get(33) & 0xFF).isEqualTo(202);
        assertThat(((out.getShort(34) & 0xFFFF) + 1) * 4).isEqualTo(length - 28);
        assertThat(out.get(40)).isEqualTo((byte) 1); // CNAME
        int textLength = out.get(41);
        assertThat(out.get(42 + textLength)).isZero(); // end of items
    }

    @Test
    void withoutAPrefixForUdp() {
        ByteBuffer out = ByteBuffer.allocate(256);
        RtcpSenderReport.write(out, -1, 1, 0, 0, 0, 0);
        assertThat(out.position() % 4).isZero();
        assertThat(out.get(0) & 0xFF).isEqualTo(0x80);
    }
}
