package dev.kvsedge.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/** Sends one raw request on a fresh connection and waits for its response (set-up and checks only). */
final class BlockingExchange {
    record Response(int status, String body) {}

    private BlockingExchange() {}

    static Response send(InetSocketAddress address, byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            Response[] result = new Response[1];
            ResponseParser parser = new ResponseParser(
                    (status, closeAfter, snippet) -> result[0] = new Response(status, snippet));
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            InputStream in = socket.getInputStream();
            while (result[0] == null) {
                int n = in.read(buffer.array(), buffer.position(), buffer.remaining());
                if (n < 0) {
                    buffer.flip();
                    parser.feed(buffer);
                    parser.onClose();
                    break;
                }
                buffer.position(buffer.position() + n);
                buffer.flip();
                parser.feed(buffer);
                buffer.compact();
            }
            if (result[0] == null) {
                throw new IOException("connection closed before a complete response");
            }
            return result[0];
        }
    }
}
