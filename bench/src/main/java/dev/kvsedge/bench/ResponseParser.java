package dev.kvsedge.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An incremental HTTP/1.1 response parser for a client connection: fed whatever bytes arrived, it
 * reports each complete response (status, whether the server will close the connection, and the start of
 * the body for diagnostics). Handles Content-Length and chunked bodies, and HTTP/1.0 bodies that end at
 * connection close.
 */
final class ResponseParser {
    /** Receives each complete response. */
    interface Listener {
        void onResponse(int status, boolean closeAfter, String bodySnippet);
    }

    private static final int SNIPPET = 300;

    private enum State {
        HEAD, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILERS, BODY_UNTIL_CLOSE
    }

    private final Listener listener;
    private State state = State.HEAD;
    private int status;
    private boolean closeAfter;
    private long remaining;
    private final StringBuilder snippet = new StringBuilder();

    ResponseParser(Listener listener) {
        this.listener = listener;
    }

    /** True while a response has started but not finished. */
    boolean midResponse() {
        return state != State.HEAD;
    }

    /**
     * Consumes as many complete parts as {@code in} (in read mode) holds; leaves an incomplete head or
     * line in the buffer for the next call.
     */
    void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case HEAD -> {
                    int end = indexOf(in, "\r\n\r\n");
                    if (end < 0) {
                        if (in.remaining() == in.capacity()) {
                            throw new IllegalStateException("response head larger than " + in.capacity() + " bytes");
                        }
                        return;
                    }
                    parseHead(in, end);
                }
                case BODY_LENGTH, CHUNK_DATA, BODY_UNTIL_CLOSE -> {
                    int n = (int) Math.min(remaining, in.remaining());
                    keepSnippet(in, n);
                    in.position(in.position() + n);
                    remaining -= n;
                    if (state == State.BODY_UNTIL_CLOSE) {
                        remaining = Long.MAX_VALUE;
                    } else if (remaining == 0) {
                        if (state == State.BODY_LENGTH) {
                            complete();
                        } else {
                            state = State.CHUNK_DATA_END;
                        }
                    }
                }
                case CHUNK_SIZE -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    int semi = line.indexOf(';');
                    remaining = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
                    state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
                }
                case CHUNK_DATA_END -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    state = State.CHUNK_SIZE;
                }
                case TRAILERS -> {
                    String line = readLine(in);
                    if (line == null) {
                        return;
                    }
                    if (line.isEmpty()) {
                        complete();
                    }
                }
            }
        }
    }

    /** The connection closed: completes a response whose body runs to the close; false if one was cut short. */
    boolean onClose() {
        if (state == State.BODY_UNTIL_CLOSE) {
            complete();
            return true;
        }
        return state == State.HEAD;
    }

    private void parseHead(ByteBuffer in, int end) {
        int p = in.position();
        if (end - p < 12 || !regionEquals(in, p, "HTTP/1.") || in.get(p + 8) != ' ') {
            throw new IllegalStateException("not an HTTP/1.x response: "
                    + StandardCharsets.ISO_8859_1.decode(in.duplicate().limit(Math.min(end, p + 80))));
        }
        status = digit(in, p + 9) * 100 + digit(in, p + 10) * 10 + digit(in, p + 11);
        closeAfter = in.get(p + 7) == '0'; // HTTP/1.0 closes unless it says keep-alive
        long contentLength = -1;
        boolean chunked = false;
        int line = lineEnd(in, p, end) + 2;
        while (line < end) {
            int eol = lineEnd(in, line, end);
            int colon = line;
            while (colon < eol && in.get(colon) != ':') {
                colon++;
            }
            if (colon < eol) {
                if (nameIs(in, line, colon, "content-length")) {
                    contentLength = parseDecimal(in, colon + 1, eol);
                } else if (nameIs(in, line, colon, "transfer-encoding")) {
                    chunked = contains(in, colon + 1, eol, "chunked");
                } else if (nameIs(in, line, colon, "connection")) {
                    if (contains(in, colon + 1, eol, "close")) {
                        closeAfter = true;
                    } else if (contains(in, colon + 1, eol, "keep-alive")) {
                        closeAfter = false;
                    }
                }
            }
            line = eol + 2;
        }
        in.position(end + 4);
        snippet.setLength(0);
        if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = State.BODY_LENGTH;
            if (remaining == 0) {
                complete();
            }
        } else if (status == 204 || status == 304 || status / 100 == 1) {
            complete();
        } else {
            closeAfter = true;
            remaining = Long.MAX_VALUE;
            state = State.BODY_UNTIL_CLOSE;
        }
    }

    private static int lineEnd(ByteBuffer in, int from, int end) {
        for (int i = from; i < end - 1; i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n') {
                return i;
            }
        }
        return end;
    }

    private static int digit(ByteBuffer in, int at) {
        int d = in.get(at) - '0';
        if (d < 0 || d > 9) {
            throw new IllegalStateException("bad status code in response");
        }
        return d;
    }

    private static boolean regionEquals(ByteBuffer in, int at, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (in.get(at + i) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Header name in [from, to) equals lower-case {@code name}, ignoring ASCII case. */
    private static boolean nameIs(ByteBuffer in, int from, int to, String name) {
        if (to - from != name.length()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if ((in.get(from + i) | 0x20) != name.charAt(i) && in.get(from + i) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether [from, to) contains lower-case {@code word}, ignoring ASCII case. */
    private static boolean contains(ByteBuffer in, int from, int to, String word) {
        outer : for (int i = from; i <= to - word.length(); i++) {
            for (int j = 0; j < word.length(); j++) {
                if ((in.get(i + j) | 0x20) != word.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static long parseDecimal(ByteBuffer in, int from, int to) {
        long value = 0;
        boolean any = false;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                any = true;
            } else if (b != ' ' && b != '\t') {
                break;
            }
        }
        if (!any) {
            throw new IllegalStateException("bad Content-Length in response");
        }
        return value;
    }

    private void complete() {
        state = State.HEAD;
        listener.onResponse(status, closeAfter, status == 200 ? "" : snippet.toString());
    }

    private void keepSnippet(ByteBuffer in, int n) {
        if (status != 200 && snippet.length() < SNIPPET) {
            int take = Math.min(n, SNIPPET - snippet.length());
            for (int i = 0; i < take; i++) {
                snippet.append((char) (in.get(in.position() + i) & 0xff));
            }
        }
    }

    private static String readLine(ByteBuffer in) {
        int end = indexOf(in, "\r\n");
        if (end < 0) {
            return null;
        }
        byte[] raw = new byte[end - in.position()];
        in.get(raw);
        in.position(in.position() + 2);
        return new String(raw, StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(ByteBuffer in, String marker) {
        int last = in.limit() - marker.length();
        outer : for (int i = in.position(); i <= last; i++) {
            for (int j = 0; j < marker.length(); j++) {
                if (in.get(i + j) != marker.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
