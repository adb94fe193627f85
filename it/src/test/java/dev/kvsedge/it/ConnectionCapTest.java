package dev.kvsedge.it;

import static dev.kvsedge.it.RawHttp.closedByServer;
import static dev.kvsedge.it.RawHttp.readResponse;
import static dev.kvsedge.it.RawHttp.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.http.ConnectionLimits;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A server that serves 16 connections at once. A new connection takes the place of the one idle the longest; when all
 * 16 are busy (uploads here), a new connection's request is answered 503 ServiceUnavailableException, which every SDK
 * retries, and the connection closed.
 */
class ConnectionCapTest {
    private static final int CAP = 16;

    @Test
    void whenEveryConnectionIsBusyANewOneIsRefusedClearlyAndAnIdleOneMakesRoomOtherwise() throws Exception {
        ServerConfig config = ServerConfig.defaults()
                .withConnections(ConnectionLimits.DEFAULTS.withMaxConnections(CAP));
        try (TestServer server = TestServer.start(config)) {
            List<RawPutMedia> uploads = new ArrayList<>();
            for (int i = 0; i < CAP; i++) {
                String stream = "busy-" + i;
                server.client().createStream(r -> r.streamName(stream).dataRetentionInHours(24));
                RawPutMedia upload = RawPutMedia.open(server.endpoint(), RawPutMedia.absolute(stream));
                assertThat(upload.status()).isEqualTo(200);
                uploads.add(upload.send(TestMkv.header()));
            }
            try (Socket over = connect(server)) {
                write(over, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                RawHttp.Response refused = readResponse(over.getInputStream());
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.head()).containsIgnoringCase("x-amzn-ErrorType: ServiceUnavailableException");
                assertThat(closedByServer(over, Duration.ofSeconds(5))).isTrue();
            }
            try (Socket first = connect(server); Socket second = connect(server)) {
                assertThat(closedByServer(first, Duration.ofSeconds(5))).as("an idle one over the cap, replaced")
                        .isTrue();
                write(second, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(readResponse(second.getInputStream()).status()).as("still over the cap").isEqualTo(503);
            }
            uploads.forEach(u -> u.finish().close());
            Thread.sleep(1000); // the server sees those connections close: only the sockets below are left

            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < CAP; i++) {
                Socket s = connect(server);
                write(s, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertThat(readResponse(s.getInputStream()).status()).isEqualTo(200);
                idle.add(s); // kept alive, idle
                Thread.sleep(20);
            }
            try (Socket newcomer = connect(server)) {
                write(newcomer, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                assertThat(readResponse(newcomer.getInputStream()).status()).as("served in an idle one's place")
                        .isEqualTo(200);
            }
            assertThat(closedByServer(idle.getFirst(), Duration.ofSeconds(5))).as("the one idle the longest, closed")
                    .isTrue();
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    private static Socket connect(TestServer server) throws IOException {
        return new Socket(server.endpoint().getHost(), server.endpoint().getPort());
    }
}
