package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransportTest {
    @Test
    void interleavedTcp() {
        assertThat(Transport.choose("RTP/AVP/TCP;unicast;interleaved=2-3")).isEqualTo(new Transport(true, 2, 3));
        assertThat(Transport.choose("RTP/AVP/TCP;unicast")).isEqualTo(new Transport(true, 0, 1));
    }

    @Test
    void unicastUdp() {
        assertThat(Transport.choose("RTP/AVP;unicast;client_port=5000-5001"))
                .isEqualTo(new Transport(false, 5000, 5001));
        assertThat(Transport.choose("RTP/AVP/UDP;unicast;client_port=6000"))
                .isEqualTo(new Transport(false, 6000, 6001));
    }

    @Test
    void theFirstServableOfAListInTheClientsOrder() {
        assertThat(Transport
                .choose("RTP/AVP;multicast;port=5000-5001,RTP/AVP;unicast;client_port=7000-7001,RTP/AVP/TCP;unicast"))
                .isEqualTo(new Transport(false, 7000, 7001));
        assertThat(Transport.choose("RTP/AVP;multicast")).isNull();
        assertThat(Transport.choose("RAW/RAW/UDP;unicast;client_port=1-2")).isNull();
        assertThat(Transport.choose("RTP/AVP;unicast")).isNull(); // UDP without ports
        assertThat(Transport.choose(null)).isNull();
    }

    @Test
    void describesTheChoiceWithSsrcAndServerPorts() {
        assertThat(new Transport(true, 0, 1).describe(0x1234ABCD, 0, 0))
                .isEqualTo("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=1234ABCD;mode=\"PLAY\"");
        assertThat(new Transport(false, 5000, 5001).describe(-1, 6970, 6971))
                .isEqualTo("RTP/AVP;unicast;client_port=5000-5001;server_port=6970-6971;ssrc=FFFFFFFF;mode=\"PLAY\"");
    }
}
