package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RTSP and RTP a client sees, byte by byte. */
class RtspProtocolTest {
    private static SimulatedCamera camera;

    @BeforeAll
    static void start() {
        camera = SimulatedCamera.start(FfmpegPlaybackTest.SMALL.withGop(10));
    }

    @AfterAll
    static void stop() {
        camera.close();
    }

    @Test
    void optionsListsTheMethodsAndEchoesCSeq() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            RawRtspClient.Response response = client.request("OPTIONS", camera.url());
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Public")).contains("DESCRIBE", "SETUP", "PLAY", "TEARDOWN", "GET_PARAMETER");
            assertThat(client.request("OPTIONS", "*").status()).isEqualTo(200); // CSeq 2 checked by the client
        }
    }

    @Test
    void describeGivesAnH264SdpWithParameterSets() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            RawRtspClient.Response response = client.request("DESCRIBE", camera.url(), "Accept", "application/sdp");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Content-Type")).isEqualTo("application/sdp");
            assertThat(response.header("Content-Base")).isEqualTo(camera.url() + "/");
            String sdp = response.body();
            assertThat(sdp).startsWith("v=0\r\n")
                    .contains("m=video 0 RTP/AVP 96\r\n", "a=rtpmap:96 H264/90000\r\n", "a=control:trackID=0\r\n")
                    .contains("a=fmtp:96 packetization-mode=1;profile-level-id=42");
            String sprop = sdp.replaceAll("(?s).*sprop-parameter-sets=([^\\r;]+).*", "$1");
            String[] sets = sprop.split(",");
            assertThat(sets).hasSize(2);
            assertThat(Base64.getDecoder().decode(sets[0])[0] & 0x1F).isEqualTo(7); // SPS
            assertThat(Base64.getDecoder().decode(sets[1])[0] & 0x1F).isEqualTo(8); // PPS
        }
    }

    @Test
    void unknownPathsAreNotFound() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            String other = camera.url().replace("/live", "/other");
            assertThat(client.request("DESCRIBE", other).status()).isEqualTo(404);
            assertThat(client.request("SETUP", other + "/trackID=0", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1")
                    .status())
                    .isEqualTo(404);
        }
    }

    @Test
    void playStartsWithAKeyFrameAtTheAnnouncedSequenceAndTimestamp() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            client.request("DESCRIBE", camera.url());
            RawRtspClient.Response setup = client.request("SETUP", camera.url() + "/trackID=0",
                    "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            assertThat(setup.header("Transport")).startsWith("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc=");
            assertThat(setup.header("Session")).matches("[0-9A-F]{16};timeout=60");
            client.session = setup.header("Session").split(";")[0];

            RawRtspClient.Response play = client.request("PLAY", camera.url() + "/", "Range", "npt=0.000-");
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("Range")).isEqualTo("npt=0.000-");
            String rtpInfo = play.header("RTP-Info");
            assertThat(rtpInfo).startsWith("url=" + camera.url() + "/trackID=0;seq=");
            int seq = Integer.parseInt(rtpInfo.replaceAll(".*;seq=(\\d+).*", "$1"));
            long rtptime = Long.parseLong(rtpInfo.replaceAll(".*;rtptime=(\\d+).*", "$1"));

            RawRtspClient.Interleaved first = client.readInterleaved();
            assertThat(first.rtcp()).as("a sender report comes first").isTrue();
            assertThat(first.data()[1] & 0xFF).isEqualTo(200);
            RawRtspClient.Interleaved rtp = client.readRtp();
            assertThat(rtp.channel()).isZero();
            assertThat(rtp.seq()).isEqualTo(seq);
            assertThat(rtp.timestamp()).isEqualTo(rtptime);
            assertThat(rtp.nalType()).as("SPS before the IDR picture").isEqualTo(7);
            assertThat(client.readRtp().nalType()).as("then PPS").isEqualTo(8);
            RawRtspClient.Interleaved idr = client.readRtp();
            assertThat(idr.nalType()).isEqualTo(5);
        }
    }

    @Test
    void packetsFollowRfc6184() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            client.playTcp();
            List<RawRtspClient.Interleaved> packets = new ArrayList<>();
            while (packets.size() < 200) {
                packets.add(client.readRtp());
            }
            int frames = 0;
            for (int i = 1; i < packets.size(); i++) {
                RawRtspClient.Interleaved previous = packets.get(i - 1);
                RawRtspClient.Interleaved packet = packets.get(i);
                assertThat(packet.seq()).isEqualTo((previous.seq() + 1) & 0xFFFF);
                assertThat(packet.data().length).isLessThanOrEqualTo(RtpPacketizer.MAX_PACKET);
                assertThat(packet.data()[1] & 0x7F).isEqualTo(96);
                if (previous.marker()) {
                    // a new access unit: 40 ms later at 25 fps, 90 kHz
                    assertThat(packet.timestamp() - previous.timestamp() & 0xFFFFFFFFL).isEqualTo(3600);
                    assertThat(packet.fuStart()).isTrue();
                    frames++;
                } else {
                    assertThat(packet.timestamp()).isEqualTo(previous.timestamp());
                }
            }
            assertThat(frames).isGreaterThan(10);
        }
    }

    @Test
    void keepAliveAndTeardown() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            client.playTcp();
            assertThat(client.request("GET_PARAMETER", camera.url() + "/").status()).isEqualTo(200);
            assertThat(client.request("OPTIONS", camera.url()).status()).isEqualTo(200);
            String session = client.session;
            client.session = "0000000000000000";
            assertThat(client.request("PLAY", camera.url() + "/").status()).isEqualTo(454);
            client.session = session;
            assertThat(client.request("TEARDOWN", camera.url() + "/").status()).isEqualTo(200);
            assertThat(client.request("PLAY", camera.url() + "/").status()).isEqualTo(454);
        }
    }

    @Test
    void refusesMulticastAndUnknownMethods() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            assertThat(client
                    .request("SETUP", camera.url() + "/trackID=0", "Transport", "RTP/AVP;multicast;port=5000-5001")
                    .status()).isEqualTo(461);
            assertThat(client.request("RECORD", camera.url()).status()).isEqualTo(501);
        }
    }

    @Test
    void udpSetupGivesAPairOfServerPorts() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            RawRtspClient.Response setup = client.request("SETUP", camera.url() + "/trackID=0",
                    "Transport", "RTP/AVP;unicast;client_port=40000-40001");
            assertThat(setup.status()).isEqualTo(200);
            String transport = setup.header("Transport");
            assertThat(transport).startsWith("RTP/AVP;unicast;client_port=40000-40001;server_port=");
            int rtp = Integer.parseInt(transport.replaceAll(".*server_port=(\\d+)-.*", "$1"));
            int rtcp = Integer.parseInt(transport.replaceAll(".*server_port=\\d+-(\\d+).*", "$1"));
            assertThat(rtp % 2).isZero();
            assertThat(rtcp).isEqualTo(rtp + 1);
        }
    }

    @Test
    void aBadRequestIsAnsweredAndTheConnectionClosed() throws Exception {
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            client.sendRaw("HELLO\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readResponse().status()).isEqualTo(400);
        }
        // and the camera serves others as before
        try (RawRtspClient client = new RawRtspClient(camera.url())) {
            assertThat(client.request("OPTIONS", camera.url()).status()).isEqualTo(200);
        }
    }
}
