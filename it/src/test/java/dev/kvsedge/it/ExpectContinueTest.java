package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code Expect: 100-continue}, which curl and libcurl (so the C producer library, kvssink and the C++ SDK) send
 * with every PutMedia: the body is held back until the server says {@code 100 Continue}, and libcurl waits a
 * second for it before sending anyway. kvs-edge says it as soon as the signature, the caller's rights and the
 * stream are checked; a refused upload gets its 4xx without being asked for a byte of its body.
 */
class ExpectContinueTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final String START = "2026-11-20T08:00:00Z";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        TestMkv.video();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAcceptedUploadIsToldToContinueBeforeItSendsItsBody() {
        server.client().createStream(r -> r.streamName("continue").dataRetentionInHours(24));
        try (RawPutMedia upload = RawPutMedia.openExpectingContinue(server.endpoint(),
                RawPutMedia.relative("continue", START), true)) {
            assertThat(upload.awaitInterim(100, WAIT)).as("100 Continue before any byte of the body").isTrue();
            assertThat(upload.status()).isEqualTo(200);
            upload.send(TestMkv.stream(0, 1000)).finish();
            upload.awaitAcks("PERSISTED", 2, WAIT);
            assertThat(upload.awaitEnd(WAIT)).isTrue();
            assertThat(upload.acks("ERROR")).isEmpty();
        }
        assertThat(server.archivedMedia().listFragments(r -> r.streamName("continue")).fragments()).hasSize(2);
    }

    @Test
    void aForgedUploadIsRefusedWithoutBeingAskedForItsBody() {
        server.client().createStream(r -> r.streamName("forged").dataRetentionInHours(24));
        Map<String, String> forged = signedBy("test", "not-the-secret", RawPutMedia.relative("forged", START));

        assertRefusedUnread(forged, 403, "InvalidSignatureException");
    }

    @Test
    void anUploadToAMissingStreamIsRefusedWithoutBeingAskedForItsBody() {
        assertRefusedUnread(signedBy("test", "test", RawPutMedia.relative("no-such-stream", START)), 404,
                "ResourceNotFoundException");
    }

    @Test
    void anAgentUploadToAnotherHubsStreamIsRefusedWithoutBeingAskedForItsBody() throws Exception {
        String hub = EdgeFixtures.hub("expect-hub");
        server.client().createStream(r -> r.streamName("not-the-hubs").dataRetentionInHours(24));
        TestAgent agent = TestAgent.mint(server, hub);

        assertRefusedUnread(signedBy(agent.accessKeyId, agent.secret, RawPutMedia.relative("not-the-hubs", START)),
                403, "AccessDeniedException");
    }

    @Test
    void aControlPlaneRequestIsToldToContinueAtOnceSinceItsSignatureCoversItsBody() throws IOException {
        byte[] body = "{\"StreamName\":\"no-such-stream\"}".getBytes(StandardCharsets.UTF_8);
        URI uri = server.endpoint().resolve("/describeStream");
        Map<String, String> headers = new LinkedHashMap<>(Map.of("content-type", "application/json"));
        headers.putAll(new SigV4Signer("test", "test", Clock.systemUTC())
                .sign("POST", uri, "us-east-1", "kinesisvideo", Map.of("content-type", "application/json"), body));
        StringBuilder head = new StringBuilder("POST /describeStream HTTP/1.1\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nExpect: 100-continue\r\n\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertThat(statusLine(in)).isEqualTo("HTTP/1.1 100 Continue");
            out.write(body);
            out.flush();
            assertThat(statusLine(in)).isEqualTo("HTTP/1.1 404 Not Found");
        }
    }

    /** The upload is refused with its status and error type, no 100 Continue before it, and its connection closed. */
    private static void assertRefusedUnread(Map<String, String> signedHeaders, int status, String errorType) {
        try (RawPutMedia upload = RawPutMedia.openExpectingContinue(server.endpoint(), signedHeaders, false)) {
            assertThat(upload.status()).isEqualTo(status);
            assertThat(upload.header("x-amzn-ErrorType")).isEqualTo(errorType);
            assertThat(upload.interimStatuses()).as("no 100 Continue for a refused upload").isEmpty();
            assertThat(upload.awaitClosed(WAIT)).as("the connection closes: the body is not wanted").isTrue();
        }
    }

    /** PutMedia headers signed with UNSIGNED-PAYLOAD by the given key pair, less the host the raw client sends. */
    private static Map<String, String> signedBy(String accessKeyId, String secret, Map<String, String> headers) {
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.putAll(new SigV4Signer(accessKeyId, secret, Clock.systemUTC()).signUnsignedPayload("POST",
                server.endpoint().resolve("/putMedia"), "us-east-1", "kinesisvideo", headers));
        signed.remove("host");
        return signed;
    }

    /** The status line of the next response on the connection; its headers are read past. */
    private static String statusLine(InputStream in) throws IOException {
        String status = line(in);
        while (!line(in).isEmpty()) {
            // headers
        }
        return status;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().strip();
    }
}
