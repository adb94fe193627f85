package dev.kvsedge.agent.upload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * One PutMedia request on its own socket: the MKV body goes out in chunks while a reader thread hands each
 * acknowledgement to a listener as it arrives. A raw socket rather than java.net.http because the acknowledgements
 * must be read while the body is still being sent, and the JDK client reads an HTTP/1.1 answer only after the
 * whole body. Signed with SigV4 over UNSIGNED-PAYLOAD: the body is streamed.
 */
final class PutMediaConnection implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final ChunkedOutputStream body;
    private final Thread reader;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile Exception failure;
    private volatile boolean closing;

    private PutMediaConnection(Socket socket, Consumer<PutMediaAck> acks) throws IOException {
        this.socket = socket;
        this.body = new ChunkedOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        HttpResponseReader response = new HttpResponseReader(new BufferedInputStream(socket.getInputStream()));
        this.reader = Thread.ofVirtual().name("putmedia-acks").unstarted(() -> readAnswer(response, acks));
    }

    /**
     * Connects and sends the request head.
     *
     * @param producerStart null when cluster timecodes are ABSOLUTE (epoch times, as the recorder writes them);
     *     else they are RELATIVE to it and the server stores each fragment at producerStart + timecode
     */
    static PutMediaConnection open(PutMediaEndpoint endpoint, String streamArn, Instant producerStart,
            Consumer<PutMediaAck> acks) throws IOException {
        URI uri = endpoint.server().resolve("/putMedia");
        Socket socket = connect(uri, endpoint.ackTimeout());
        try {
            PutMediaConnection connection = new PutMediaConnection(socket, acks);
            connection.sendHead(endpoint, uri, streamArn, producerStart);
            connection.reader.start();
            return connection;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket connect(URI uri, Duration readTimeout) throws IOException {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            socket.connect(new InetSocketAddress(uri.getHost(), port), 10_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private void sendHead(PutMediaEndpoint endpoint, URI uri, String streamArn, Instant producerStart)
            throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-stream-arn", streamArn);
        headers.put("x-amzn-fragment-timecode-type", producerStart == null ? "ABSOLUTE" : "RELATIVE");
        if (producerStart != null) {
            headers.put("x-amzn-producer-start-timestamp", epochSeconds(producerStart));
        }
        Map<String, String> signed = endpoint.signer().signUnsignedPayload("POST", uri, endpoint.regionOf(streamArn),
                "kinesisvideo", headers);
        StringBuilder head = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n");
        signed.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("content-type: application/octet-stream\r\n")
                .append("transfer-encoding: chunked\r\n")
                .append("connection: close\r\n\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /**
     * Epoch seconds with exactly three fraction digits: read the same way whether the server takes the fraction as a
     * decimal or, as the C producers write it, as a count of milliseconds.
     */
    static String epochSeconds(Instant t) {
        long millis = t.toEpochMilli();
        return Math.floorDiv(millis, 1000) + "." + String.format("%03d", Math.floorMod(millis, 1000));
    }

    /** Sends a piece of the MKV stream (a header or a whole cluster) as one chunk. */
    void send(byte[] bytes) throws IOException {
        checkNotFailed();
        body.write(bytes, 0, bytes.length);
        body.flush();
    }

    /** Ends the body: the server finishes what it has and then ends its answer. */
    void finishBody() throws IOException {
        checkNotFailed();
        body.finish();
    }

    /** Waits for the server to end its answer; false if it has not within the timeout. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean ended() {
        return ended.getCount() == 0;
    }

    /** Why the answer ended badly: a refusal, a broken connection, unreadable acknowledgements; null if it did not. */
    Exception failure() {
        return failure;
    }

    private void checkNotFailed() throws IOException {
        if (failure instanceof PutMediaRefusedException refused) {
            throw new IOException(refused.getMessage(), refused);
        }
    }

    private void readAnswer(HttpResponseReader response, Consumer<PutMediaAck> acks) {
        try {
            response.readHead();
            if (response.status() != 200) {
                failure = refusal(response);
                return;
            }
            for (String line = response.bodyLine(); line != null; line = response.bodyLine()) {
                if (!line.isBlank()) {
                    acks.accept(PutMediaAck.parse(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                failure = e;
            }
        } finally {
            ended.countDown();
            if (failure != null) {
                // Unblocks a sender stuck writing to a server that stopped reading.
                closeQuietly();
            }
        }
    }

    private static PutMediaRefusedException refusal(HttpResponseReader response) throws IOException {
        String text = response.bodyText();
        String code = response.header("x-amzn-ErrorType");
        String message = text;
        try {
            JsonNode error = JSON.readTree(text);
            message = error.has("Message") ? error.get("Message").asText() : error.path("message").asText(text);
        } catch (IOException e) {
            // not JSON: keep the text
        }
        code = code == null
                ? String.valueOf(response.status())
                : code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
        return new PutMediaRefusedException(response.status(), code, message);
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Drops the connection (the server discards a fragment it has not received whole) and stops the reader. */
    @Override
    public void close() {
        closing = true;
        closeQuietly();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
