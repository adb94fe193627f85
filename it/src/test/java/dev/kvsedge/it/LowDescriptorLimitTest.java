package dev.kvsedge.it;

import static dev.kvsedge.it.RawHttp.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * A server process allowed 256 open files (ulimit -n) under a flood of connections, more than it has descriptors for:
 * it does not run out of them for good (which made every request time out): it refuses the excess clearly or closes
 * it at once, lets a client's new connection take the place of an idle one, closes the idle ones after the header
 * timeout, and answers SDK calls meanwhile. (During a burst the acceptor may still take sockets faster than they are
 * closed, and Netty then pauses accepting for a second: that is not checked here.)
 */
class LowDescriptorLimitTest {
    private static final int OPEN_FILES = 256;
    private static final int FLOOD = 400;

    @TempDir
    Path dataDir;

    @Test
    void aFloodOfConnectionsNeverStarvesTheServerOfDescriptors() throws Exception {
        try (ServerProcess server = ServerProcess.started(ServerProcess.launchWithOpenFileLimit(dataDir, OPEN_FILES));
                KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()).build()) {
            URI endpoint = URI.create(server.url);

            // Requests on more connections than the server has descriptors: each is answered or refused, none hangs.
            // All at once, each on a thread of its own (the common pool would run them one or two at a time on CI's 2 cores).
            List<String> seen = new ArrayList<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<String>> outcomes = new ArrayList<>();
                for (int i = 0; i < FLOOD; i++) {
                    outcomes.add(CompletableFuture.supplyAsync(() -> request(endpoint), clients));
                }
                for (CompletableFuture<String> outcome : outcomes) {
                    seen.add(outcome.get(60, TimeUnit.SECONDS));
                }
            }
            assertThat(seen).allSatisfy(s -> assertThat(s).isIn("200", "503 ServiceUnavailableException", "closed"));
            assertThat(seen).contains("200");

            // Idle connections, more than the server has descriptors for, held open by the client.
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                idle.add(new Socket(endpoint.getHost(), endpoint.getPort()));
            }
            // A client's new connection takes the place of an idle one: it is answered now, not after the header timeout.
            assertThat(kvs.listStreams(r -> {}).streamInfoList()).as("an SDK call answered").isEmpty();
            for (Socket s : idle) {
                assertThat(RawHttp.closedByServer(s, Duration.ofSeconds(30))).as("an idle connection closed").isTrue();
                s.close();
            }
            assertThat(kvs.listStreams(r -> {}).streamInfoList()).as("and after").isEmpty();
        }
    }

    /** One GET / on a connection of its own: "200", "503 " and the error type, or "closed" when closed unanswered. */
    private static String request(URI endpoint) {
        try (Socket s = new Socket(endpoint.getHost(), endpoint.getPort())) {
            s.setSoTimeout(30_000);
            write(s, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            if (head.isEmpty()) {
                return "closed";
            }
            int status = Integer.parseInt(head.substring(9, 12));
            if (status == 200) {
                return "200";
            }
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            int type = rest.toLowerCase(java.util.Locale.ROOT).indexOf("x-amzn-errortype: ");
            return status + " " + (type < 0 ? "?" : rest.substring(type + 18, rest.indexOf('\r', type)));
        } catch (SocketTimeoutException e) {
            return "hung";
        } catch (IOException e) {
            return "closed"; // a reset: closed at once
        }
    }
}
