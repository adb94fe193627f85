package dev.kvsedge.bench.ingest;

import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One PutMedia upload on its own connection: a writer sends the request (SigV4, {@code UNSIGNED-PAYLOAD},
 * chunked body) and the stream's fragments, paced to the frame rate or as fast as the connection takes them;
 * a reader parses the chunked response's JSON-line acknowledgements as they come. Both stamp every fragment's
 * {@link FragmentRecord} with {@link System#nanoTime()}.
 *
 * <p>Paced: each frame (one SimpleBlock) goes out as its own HTTP chunk at its due time, as a camera sends it.
 * As fast as possible: the fragment's blocks go through a 64 KB buffer, flushed at the fragment's end.
 */
final class StreamUpload {
    private static final byte[] CRLF = {'\r', '\n'};

    private final URI endpoint;
    private final SigV4Signer signer;
    private final String region;
    private final String streamName;
    private final SyntheticMkv mkv;
    private final int index;
    private final boolean paced;
    private final boolean knownSize;

    final Map<Long, FragmentRecord> fragments = new ConcurrentHashMap<>();
    final List<FragmentRecord> sent = new ArrayList<>(); // writer thread only, read after join
    final AtomicLong errorAcks = new AtomicLong();
    final AtomicLong idleAcks = new AtomicLong();
    final AtomicLong unmatchedAcks = new AtomicLong();
    final Map<String, Long> errorCodes = new ConcurrentHashMap<>();
    volatile String failure;
    volatile int status = -1;
    /** Paced mode only: how late the writer was for its frames, at most (scheduling noise of the generator). */
    volatile long maxLateNanos;

    private Socket socket;
    private OutputStream out;

    StreamUpload(URI endpoint, SigV4Signer signer, String region, String streamName, SyntheticMkv mkv, int index,
            boolean paced, boolean knownSize) {
        this.endpoint = endpoint;
        this.signer = signer;
        this.region = region;
        this.streamName = streamName;
        this.mkv = mkv;
        this.index = index;
        this.paced = paced;
        this.knownSize = knownSize;
    }

    /** Connects and sends the request head and the stream's header (EBML, Segment, Info, Tracks). */
    void open(Instant producerStart) throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 5_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        URI uri = endpoint.resolve("/putMedia");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-stream-name", streamName);
        headers.put("x-amzn-fragment-timecode-type", "RELATIVE");
        headers.put("x-amzn-producer-start-timestamp",
                String.format(Locale.ROOT, "%d.%03d", producerStart.getEpochSecond(),
                        producerStart.getNano() / 1_000_000));
        Map<String, String> auth = signer.signUnsignedPayload("POST", uri, region, "kinesisvideo", headers);
        StringBuilder head = new StringBuilder(1024).append("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n");
        auth.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("user-agent: kvs-edge-bench\r\ntransfer-encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        chunk(mkv.header());
        out.flush();
    }

    /**
     * Sends fragments, the first at {@code startNanos}, and starts none at or after {@code stopNanos}; then ends
     * the body. Paced, fragment k starts at {@code startNanos + k * fragment duration}.
     */
    void write(long startNanos, long stopNanos) {
        long frameNanos = mkv.frameMillis() * 1_000_000L;
        long fragmentNanos = mkv.fragmentMillis() * 1_000_000L;
        FragmentRecord previous = null;
        try {
            sleepUntil(startNanos);
            long scheduled = startNanos;
            for (long k = 0; (paced ? scheduled : System.nanoTime()) < stopNanos; k++) {
                if (failure != null) {
                    return;
                }
                int variant = (int) ((index + k) % mkv.variants());
                long timecode = k * mkv.fragmentMillis();
                FragmentRecord record = new FragmentRecord(timecode, mkv.fragmentBytes(variant));
                fragments.put(timecode, record);
                sent.add(record);
                byte[][] blocks = mkv.blocks(variant);
                for (int f = 0; f < blocks.length; f++) {
                    if (paced) {
                        long due = scheduled + f * frameNanos;
                        sleepUntil(due);
                        maxLateNanos = Math.max(maxLateNanos, System.nanoTime() - due);
                    }
                    if (f == 0) {
                        chunk(mkv.clusterStart(variant, timecode, knownSize), blocks[0]);
                    } else {
                        chunk(blocks[f]);
                    }
                    boolean last = f == blocks.length - 1;
                    if (paced || last || (f == 0 && !knownSize)) {
                        out.flush();
                    }
                    long now = System.nanoTime();
                    if (f == 0) {
                        record.firstByteNanos = now;
                        if (previous != null && !knownSize) {
                            previous.endVisibleNanos = now;
                        }
                    }
                    if (last) {
                        record.lastByteNanos = now;
                        if (knownSize) {
                            record.endVisibleNanos = now;
                        }
                    }
                }
                previous = record;
                scheduled += fragmentNanos;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            if (previous != null && !knownSize) {
                previous.endVisibleNanos = System.nanoTime();
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = "upload broke off: " + e.getMessage();
            }
        }
    }

    /** Reads the response until it ends (or the socket times out after {@code drainMillis} of silence). */
    void readAcks(int drainMillis) {
        try {
            socket.setSoTimeout(drainMillis);
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            status = parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
            boolean chunked = false;
            long contentLength = -1;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lower.substring("content-length:".length()).trim());
                }
            }
            AckLines lines = new AckLines();
            if (status != 200) {
                byte[] body = contentLength >= 0 ? in.readNBytes((int) Math.min(contentLength, 4096)) : new byte[0];
                failure = "HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8);
                return;
            }
            if (!chunked) {
                byte[] buffer = new byte[4096];
                for (int n; (n = in.read(buffer)) > 0;) {
                    lines.feed(buffer, n, System.nanoTime());
                }
                return;
            }
            byte[] buffer = new byte[4096];
            while (true) {
                String sizeLine = line(in);
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    break;
                }
                while (size > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, size));
                    if (n < 0) {
                        throw new IOException("response ends inside a chunk");
                    }
                    lines.feed(buffer, n, System.nanoTime());
                    size -= n;
                }
                line(in); // the CRLF after the chunk
            }
        } catch (IOException | RuntimeException e) {
            if (failure == null && !socket.isClosed()) {
                failure = "reading acknowledgements: " + e;
            }
        } finally {
            close();
        }
    }

    void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // closing
        }
    }

    private void chunk(byte[]... parts) throws IOException {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] part : parts) {
            out.write(part);
        }
        out.write(CRLF);
    }

    private static void sleepUntil(long deadline) {
        for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** Splits the acknowledgement stream into JSON lines and applies each to its fragment. */
    private final class AckLines {
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream(256);

        void feed(byte[] bytes, int length, long nanos) {
            for (int i = 0; i < length; i++) {
                if (bytes[i] == '\n') {
                    ack(partial.toString(StandardCharsets.UTF_8), nanos);
                    partial.reset();
                } else {
                    partial.write(bytes[i]);
                }
            }
        }

        private void ack(String json, long nanos) {
            String type = stringField(json, "EventType");
            if (type == null) {
                return;
            }
            long timecode = numberField(json, "FragmentTimecode");
            FragmentRecord record = timecode < 0 ? null : fragments.get(timecode);
            switch (type) {
                case "IDLE" -> idleAcks.incrementAndGet();
                case "ERROR" -> {
                    errorAcks.incrementAndGet();
                    String code = String.valueOf(stringField(json, "ErrorCode"));
                    errorCodes.merge(code, 1L, Long::sum);
                    if (record != null) {
                        record.error = code;
                    }
                }
                default -> {
                    if (record == null) {
                        unmatchedAcks.incrementAndGet();
                        return;
                    }
                    switch (type) {
                        case "BUFFERING" -> record.bufferingNanos = nanos;
                        case "RECEIVED" -> record.receivedNanos = nanos;
                        case "PERSISTED" -> record.persistedNanos = nanos;
                        default -> unmatchedAcks.incrementAndGet();
                    }
                }
            }
        }
    }

    static String stringField(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return null;
        }
        int start = at + key.length();
        int end = json.indexOf('"', start);
        return end < 0 ? null : json.substring(start, end);
    }

    static long numberField(String json, String name) {
        String key = "\"" + name + "\":";
        int at = json.indexOf(key);
        if (at < 0) {
            return -1;
        }
        int i = at + key.length();
        long value = 0;
        boolean any = false;
        while (i < json.length() && Character.isDigit(json.charAt(i))) {
            value = value * 10 + (json.charAt(i++) - '0');
            any = true;
        }
        return any ? value : -1;
    }
}
