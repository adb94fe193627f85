package dev.kvsedge.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A PutMedia upload over a raw socket, as the C producers send it: HTTP/1.1, a chunked body written piece by piece
 * while the acknowledgements are read on the same connection (full duplex), SigV4-signed by the project's own signer
 * with {@code x-amz-content-sha256: UNSIGNED-PAYLOAD}. It can also do what a well-behaved client never does: stop
 * mid-cluster, drop the connection, send no signature.
 */
final class RawPutMedia implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Socket socket;
    private final OutputStream out;
    private final CompletableFuture<Integer> status = new CompletableFuture<>();
    /** The interim (1xx) responses before the final one, e.g. 100 Continue. */
    private final List<Integer> interim = new ArrayList<>();
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final List<JsonNode> acks = new ArrayList<>();
    private final CompletableFuture<String> body = new CompletableFuture<>();
    /** The response body ended: the terminating chunk, or the end of a sized body. */
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    /** The server closed (or reset) the connection. */
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private RawPutMedia(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        Thread.ofVirtual().name("raw-putmedia-reader").start(this::readResponse);
    }

    /** The headers of a PutMedia to the stream by name, RELATIVE to the given start timestamp text. */
    static Map<String, String> relative(String streamName, String startTimestamp) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-stream-name", streamName);
        headers.put("x-amzn-fragment-timecode-type", "RELATIVE");
        headers.put("x-amzn-producer-start-timestamp", startTimestamp);
        headers.put("x-amzn-fragment-acknowledgment-required", "1");
        return headers;
    }

    /** The headers of a PutMedia to the stream by name with ABSOLUTE timecodes. */
    static Map<String, String> absolute(String streamName) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-stream-name", streamName);
        headers.put("x-amzn-fragment-timecode-type", "ABSOLUTE");
        headers.put("x-amzn-fragment-acknowledgment-required", "1");
        return headers;
    }

    /** Opens a signed {@code POST /putMedia} and sends its headers; the body follows with {@link #send}. */
    static RawPutMedia open(URI endpoint, Map<String, String> headers) {
        return open(endpoint, "POST", headers, true);
    }

    static RawPutMedia open(URI endpoint, String method, Map<String, String> headers, boolean sign) {
        return open(endpoint, method, headers, sign, "");
    }

    /**
     * Opens a {@code POST /putMedia} that, as curl and the C producers send it, carries {@code Expect: 100-continue}
     * (not signed): a client that honours it sends no byte of the body before the server's {@code 100 Continue}.
     */
    static RawPutMedia openExpectingContinue(URI endpoint, Map<String, String> headers, boolean sign) {
        return open(endpoint, "POST", headers, sign, "Expect: 100-continue\r\n");
    }

    private static RawPutMedia open(URI endpoint, String method, Map<String, String> headers, boolean sign,
            String unsignedHeaders) {
        URI uri = endpoint.resolve("/putMedia");
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (sign) {
            all.putAll(new SigV4Signer("test", "test", Clock.systemUTC()).signUnsignedPayload(method, uri, "us-east-1",
                    "kinesisvideo", headers));
        } else {
            all.put("host", uri.getHost() + ":" + uri.getPort());
        }
        StringBuilder request = new StringBuilder(method).append(" /putMedia HTTP/1.1\r\n");
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append(
                "Transfer-Encoding: chunked\r\nConnection: keep-alive\r\nUser-Agent: kvs-edge-it raw producer\r\n")
                .append(unsignedHeaders).append("\r\n");
        try {
            RawPutMedia upload = new RawPutMedia(new Socket(uri.getHost(), uri.getPort()));
            upload.out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
            upload.out.flush();
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Uploads a whole body, one chunk per fragment-sized piece, and waits for {@code fragments} PERSISTED
     * acknowledgements and the end of the response; fails on any ERROR.
     */
    static RawPutMedia upload(URI endpoint, Map<String, String> headers, byte[] body, int fragments) {
        try (RawPutMedia upload = open(endpoint, headers)) {
            if (upload.status() != 200) {
                throw new AssertionError("PutMedia refused: " + upload.status() + " " + upload.errorBody());
            }
            upload.send(body).finish();
            upload.awaitAcks("PERSISTED", fragments, Duration.ofSeconds(10));
            if (!upload.awaitEnd(Duration.ofSeconds(10)) || !upload.acks("ERROR").isEmpty()) {
                throw new AssertionError("the upload did not end cleanly: " + upload.acks());
            }
            return upload;
        }
    }

    /** Sends bytes of the body as one chunk. */
    RawPutMedia send(byte[] bytes) {
        if (!trySend(bytes)) {
            throw new UncheckedIOException(new IOException("the server closed the upload"));
        }
        return this;
    }

    /** Sends bytes as one chunk; false when the connection is gone. */
    boolean trySend(byte[] bytes) {
        if (bytes.length == 0) {
            return true;
        }
        try {
            out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Ends the body cleanly with the last chunk, as a producer ends its upload. */
    RawPutMedia finish() {
        trySend(new byte[0]);
        try {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the server already ended the upload
        }
        return this;
    }

    /** Drops the connection without ending the body: a producer that crashed or lost its network. */
    void cut() {
        try {
            socket.setSoLinger(true, 0); // a reset, not an orderly close
            socket.close();
        } catch (IOException e) {
            // gone either way
        }
    }

    int status() {
        return await(status, Duration.ofSeconds(10), "the status line");
    }

    /** The interim (1xx) statuses received before the final status; waits for the final status first. */
    List<Integer> interimStatuses() {
        status();
        synchronized (interim) {
            return List.copyOf(interim);
        }
    }

    /** Waits up to {@code timeout} for an interim status, e.g. 100 Continue; false if none came by then. */
    boolean awaitInterim(int code, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (interim) {
            while (!interim.contains(code)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || status.isDone()) {
                    return interim.contains(code);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(interim, Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return true;
        }
    }

    String header(String name) {
        status();
        synchronized (responseHeaders) {
            return responseHeaders.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** The body of a refused request (not 200): a JSON error document. */
    JsonNode errorBody() {
        try {
            return JSON.readTree(await(body, Duration.ofSeconds(10), "the error body"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every acknowledgement received so far, in order. */
    List<JsonNode> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    List<JsonNode> acks(String eventType) {
        return acks().stream().filter(a -> a.path("EventType").asText().equals(eventType)).toList();
    }

    /** Waits for an acknowledgement that matches, whenever it came. */
    JsonNode awaitAck(Predicate<JsonNode> matching, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (acks) {
            while (true) {
                for (JsonNode ack : acks) {
                    if (matching.test(ack)) {
                        return ack;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (ended.isDone() && !matchesAny(matching))) {
                    throw new AssertionError("no matching acknowledgement within " + timeout + "; got " + acks
                            + (ended.isDone() ? " and the response ended" : ""));
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(acks, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    JsonNode awaitAck(String eventType, long fragmentTimecode, Duration timeout) {
        return awaitAck(a -> a.path("EventType").asText().equals(eventType)
                && a.path("FragmentTimecode").asLong(-1) == fragmentTimecode, timeout);
    }

    /** Waits until {@code count} acknowledgements of the type have come. */
    List<JsonNode> awaitAcks(String eventType, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acks(eventType).size() < count) {
            if (System.nanoTime() > deadline || ended.isDone() && acks(eventType).size() < count) {
                throw new AssertionError("expected " + count + " " + eventType + " acknowledgements, got " + acks());
            }
            sleep(20);
        }
        return acks(eventType);
    }

    private boolean matchesAny(Predicate<JsonNode> matching) {
        return acks.stream().anyMatch(matching);
    }

    /** Whether the response body ended within the timeout. */
    boolean awaitEnd(Duration timeout) {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    /** Whether the server closed the connection within the timeout. */
    boolean awaitClosed(Duration timeout) {
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (Exception e) {
            return true;
        }
    }

    boolean ended() {
        return ended.isDone();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void readResponse() {
        try {
            InputStream in = socket.getInputStream();
            int code = statusCode(in);
            while (code >= 100 && code < 200) { // interim responses: a status line and headers, no body
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    // their headers say nothing this client needs
                }
                synchronized (interim) {
                    interim.add(code);
                    interim.notifyAll();
                }
                code = statusCode(in);
            }
            synchronized (responseHeaders) {
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    responseHeaders.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            header.substring(colon + 1).trim());
                }
            }
            status.complete(code);
            if ("chunked".equalsIgnoreCase(responseHeaders.get("transfer-encoding"))) {
                readChunks(in);
            } else {
                int length = Integer.parseInt(responseHeaders.getOrDefault("content-length", "0"));
                body.complete(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            }
            ended.complete(null);
            while (in.read() >= 0) {
                // nothing more is expected; wait for the server to close
            }
        } catch (IOException | RuntimeException e) {
            status.completeExceptionally(e);
            body.completeExceptionally(e);
        } finally {
            ended.complete(null);
            closed.complete(null);
            synchronized (acks) {
                acks.notifyAll();
            }
        }
    }

    private void readChunks(InputStream in) throws IOException {
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                return; // cut without the last chunk
            }
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                line(in); // the empty line after the last chunk
                return;
            }
            byte[] data = in.readNBytes(size);
            if (data.length < size) {
                return;
            }
            line(in);
            for (byte b : data) {
                if (b == '\n') {
                    String text = pending.toString(StandardCharsets.UTF_8).trim();
                    pending.reset();
                    if (!text.isEmpty()) {
                        JsonNode ack = JSON.readTree(text);
                        synchronized (acks) {
                            acks.add(ack);
                            acks.notifyAll();
                        }
                    }
                } else {
                    pending.write(b);
                }
            }
        }
    }

    private static int statusCode(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("no response");
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read();; b = in.read()) {
            if (b < 0) {
                return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
            }
            if (b == '\n') {
                String text = bytes.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            bytes.write(b);
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no " + what + " from the server: " + e, e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
