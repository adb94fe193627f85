package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 by hand on a socket, for what no client does on purpose: stall, trickle, hold connections open. */
final class RawHttp {

    private RawHttp() {}

    record Response(int status, String head) {}

    static Socket connect(URI endpoint) throws IOException {
        return new Socket(endpoint.getHost(), endpoint.getPort());
    }

    /** Sends the text; false when the connection is gone. */
    static boolean write(Socket s, String text) {
        try {
            s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the server closed the socket (end of stream or a reset) within the time; what it sent is skipped. */
    static boolean closedByServer(Socket s, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        InputStream in = s.getInputStream();
        while (System.nanoTime() < deadline) {
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    /** GET on a connection of its own, closed after the answer. */
    static Response get(URI endpoint, String path) throws IOException {
        try (Socket s = connect(endpoint)) {
            write(s, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            return readResponse(s.getInputStream());
        }
    }

    /** Reads a response's status line and headers (the body is left unread). */
    static Response readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        assertThat(text).as("a response").startsWith("HTTP/1.1 ");
        return new Response(Integer.parseInt(text.substring(9, 12)), text);
    }
}
