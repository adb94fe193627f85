package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RtspRequestTest {
    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesAWholeRequestAndLeavesTheNext() throws Exception {
        ByteBuffer in = bytes(
                "SETUP rtsp://h/live/trackID=0 RTSP/1.0\r\ncseq: 3\r\nTransport: RTP/AVP/TCP;interleaved=0-1\r\n\r\nOPTIONS");
        RtspRequest request = RtspRequest.parse(in);

        assertThat(request.method()).isEqualTo("SETUP");
        assertThat(request.uri()).isEqualTo("rtsp://h/live/trackID=0");
        assertThat(request.cseq()).isEqualTo("3");
        assertThat(request.header("TRANSPORT")).isEqualTo("RTP/AVP/TCP;interleaved=0-1");
        assertThat(in.remaining()).isEqualTo("OPTIONS".length());
    }

    @Test
    void waitsForTheRestOfARequestAndItsBody() throws Exception {
        ByteBuffer partial = bytes("GET_PARAMETER rtsp://h/live RTSP/1.0\r\nCSeq: 9\r\n");
        assertThat(RtspRequest.parse(partial)).isNull();
        assertThat(partial.position()).isZero();

        ByteBuffer withBody = bytes("GET_PARAMETER rtsp://h/live RTSP/1.0\r\nCSeq: 9\r\nContent-Length: 4\r\n\r\nab");
        assertThat(RtspRequest.parse(withBody)).isNull();
        RtspRequest request = RtspRequest
                .parse(bytes("GET_PARAMETER rtsp://h/live RTSP/1.0\r\nCSeq: 9\r\nContent-Length: 4\r\n\r\nabcd"));
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("abcd");
    }

    @Test
    void acceptsBareLineFeeds() throws Exception {
        RtspRequest request = RtspRequest.parse(bytes("OPTIONS * RTSP/1.0\nCSeq: 1\n\n"));
        assertThat(request.method()).isEqualTo("OPTIONS");
        assertThat(request.cseq()).isEqualTo("1");
    }

    @Test
    void refusesWhatIsNotRtsp() {
        assertThatThrownBy(() -> RtspRequest.parse(bytes("GET / HTTP/1.1\r\n\r\n")))
                .isInstanceOf(RtspRequest.MalformedException.class);
        assertThatThrownBy(() -> RtspRequest.parse(bytes("OPTIONS * RTSP/1.0\r\nno colon\r\n\r\n")))
                .isInstanceOf(RtspRequest.MalformedException.class);
        assertThatThrownBy(() -> RtspRequest.parse(bytes("OPTIONS * RTSP/1.0\r\nContent-Length: x\r\n\r\n")))
                .isInstanceOf(RtspRequest.MalformedException.class);
        assertThatThrownBy(() -> RtspRequest.parse(bytes("OPTIONS * RTSP/1.0\r\nX: " + "a".repeat(20_000))))
                .isInstanceOf(RtspRequest.MalformedException.class);
    }

    @Test
    void pathsOfUrls() {
        assertThat(RtspHandler.pathOf("rtsp://127.0.0.1:8554/live")).isEqualTo("/live");
        assertThat(RtspHandler.pathOf("rtsp://user:pw@host/live/trackID=0?x=1")).isEqualTo("/live/trackID=0");
        assertThat(RtspHandler.pathOf("rtsp://host:554")).isEqualTo("/");
        assertThat(RtspHandler.pathOf("*")).isEqualTo("*");
    }
}
