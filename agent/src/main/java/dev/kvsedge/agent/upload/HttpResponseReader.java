package dev.kvsedge.agent.upload;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads an HTTP/1.1 response from a socket: the status line and headers, then the body decoded by its framing
 * (chunked, Content-Length, or until the connection closes), handed out line by line as PutMedia writes its
 * acknowledgements. Small on purpose: it serves one request per connection.
 */
final class HttpResponseReader {
    private static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private int status;
    private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private boolean chunked;
    private long remaining = -1; // in the current chunk, or of the Content-Length body; -1: until close
    private boolean bodyDone;

    HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /** Reads the status line and headers, skipping 1xx answers. */
    void readHead() throws IOException {
        do {
            String statusLine = rawLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x response: " + statusLine);
            }
            status = Integer.parseInt(parts[1]);
            headers.clear();
            for (String line = rawLine(); !line.isEmpty(); line = rawLine()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
        } while (status >= 100 && status < 200);
        chunked = headers.getOrDefault("Transfer-Encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        if (!chunked && headers.containsKey("Content-Length")) {
            remaining = Long.parseLong(headers.get("Content-Length"));
        }
        if (chunked) {
            remaining = 0;
        }
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name);
    }

    /** The next line of the body without its line break, or null at the body's end. */
    String bodyLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = bodyByte();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8).stripTrailing();
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    /** The rest of the body, for an error answer. */
    String bodyText() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line = bodyLine(); line != null; line = bodyLine()) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    private int bodyByte() throws IOException {
        if (bodyDone) {
            return -1;
        }
        if (chunked && remaining == 0) {
            String sizeLine = rawLine();
            if (sizeLine.isEmpty()) {
                sizeLine = rawLine(); // the CRLF closing the previous chunk
            }
            int semicolon = sizeLine.indexOf(';');
            remaining = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (remaining == 0) {
                for (String trailer = rawLine(); !trailer.isEmpty(); trailer = rawLine()) {
                    // trailers carry nothing PutMedia uses
                }
                bodyDone = true;
                return -1;
            }
        }
        if (!chunked && remaining == 0) {
            bodyDone = true;
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            if (chunked || remaining > 0) {
                throw new EOFException("the connection closed inside the response body");
            }
            bodyDone = true;
            return -1;
        }
        if (remaining > 0) {
            remaining--;
        }
        return b;
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the connection closed inside the response head");
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a response line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }
}
