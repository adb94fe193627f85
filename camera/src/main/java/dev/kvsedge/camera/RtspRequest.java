package dev.kvsedge.camera;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One RTSP request (RFC 2326 section 6): request line, headers, optional body. Parsed from a connection's input
 * without blocking: {@link #parse} takes a whole request from the buffer or nothing.
 *
 * @param headers by name, case-insensitively
 */
record RtspRequest(String method, String uri, String version, Map<String, String> headers, byte[] body) {
    /** A request larger than this is refused: no RTSP client sends one. */
    static final int MAX_SIZE = 16 * 1024;

    /** Thrown for bytes that are not an RTSP request; the connection is answered 400 and closed. */
    static final class MalformedException extends Exception {
        MalformedException(String message) {
            super(message);
        }
    }

    String header(String name) {
        return headers.get(name);
    }

    /** The CSeq, to echo in the response; null when the client sent none. */
    String cseq() {
        return header("CSeq");
    }

    /**
     * Takes one request from {@code in} (between position and limit), advancing its position past it.
     *
     * @return the request, or null when {@code in} does not hold a whole one yet (its position is then unchanged)
     */
    static RtspRequest parse(ByteBuffer in) throws MalformedException {
        int start = in.position();
        int end = headerEnd(in, start, in.limit());
        if (end < 0) {
            if (in.remaining() > MAX_SIZE) {
                throw new MalformedException("request headers longer than " + MAX_SIZE + " bytes");
            }
            return null;
        }
        byte[] head = new byte[end - start];
        in.get(start, head);
        String[] lines = new String(head, StandardCharsets.UTF_8).split("\r?\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("RTSP/")) {
            throw new MalformedException("not an RTSP request line: " + abbreviate(lines[0]));
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw new MalformedException("not a header line: " + abbreviate(lines[i]));
            }
            headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
        }
        int bodyLength = contentLength(headers);
        if (end - start + bodyLength > MAX_SIZE) {
            throw new MalformedException("request larger than " + MAX_SIZE + " bytes");
        }
        if (in.limit() - end < bodyLength) {
            return null;
        }
        byte[] body = new byte[bodyLength];
        in.get(end, body);
        in.position(end + bodyLength);
        return new RtspRequest(requestLine[0].toUpperCase(Locale.ROOT), requestLine[1], requestLine[2], headers, body);
    }

    /** The index just after the blank line ending the headers (CRLF CRLF, or LF LF), or -1. */
    private static int headerEnd(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            if (in.get(i) != '\n') {
                continue;
            }
            if (i + 1 < to && in.get(i + 1) == '\n') {
                return i + 2;
            }
            if (i + 2 < to && in.get(i + 1) == '\r' && in.get(i + 2) == '\n') {
                return i + 3;
            }
        }
        return -1;
    }

    private static int contentLength(Map<String, String> headers) throws MalformedException {
        String value = headers.get("Content-Length");
        if (value == null) {
            return 0;
        }
        try {
            int length = Integer.parseInt(value);
            if (length < 0) {
                throw new MalformedException("negative Content-Length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new MalformedException("Content-Length is not a number: " + abbreviate(value));
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
