package dev.kvsedge.camera;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One client's RTSP connection, non-blocking: requests come in (with any interleaved RTCP the client sends, which
 * is skipped), responses and interleaved RTP go out in order. Output that the socket does not take at once waits in
 * a bounded backlog; a client whose backlog grows past the bound, or does not move at all for a while, is too slow or
 * stalled, and is dropped rather than allowed to hold memory or to delay anyone else. Used by the camera's thread
 * only.
 */
final class Connection {
    /** A client that takes no bytes for this long while output waits has stalled. */
    static final long STALL_NANOS = 5_000_000_000L;
    private static final int MAX_INPUT = RtspRequest.MAX_SIZE + 4 + 0xFFFF;

    final SocketChannel channel;
    final SelectionKey key;
    final InetSocketAddress remote;
    private final long maxBacklog;
    private ByteBuffer in = ByteBuffer.allocate(2048);
    private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
    private long backlogBytes;
    /** When the socket last took bytes while output waited. */
    private long lastProgressNanos;
    long lastRequestNanos;
    Session session;
    /** Whether a request on this connection has proven the camera's credentials. */
    boolean authenticated;
    private boolean closed;
    /** Whether the backlog overflowed: the client takes less than the stream's rate. */
    private boolean slow;

    Connection(SocketChannel channel, SelectionKey key, long maxBacklog, long now) throws IOException {
        this.channel = channel;
        this.key = key;
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.maxBacklog = maxBacklog;
        this.lastRequestNanos = now;
    }

    /**
     * Reads what the socket has into the input buffer.
     *
     * @return false when the client has closed its side or the connection failed
     */
    boolean read() {
        try {
            if (!in.hasRemaining()) {
                if (in.capacity() >= MAX_INPUT) {
                    return false; // a request or interleaved frame larger than any a client sends
                }
                in = ByteBuffer.allocate(Math.min(MAX_INPUT, in.capacity() * 2)).put(in.flip());
            }
            return channel.read(in) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The next whole request in the input, skipping interleaved binary frames; null when there is none yet.
     *
     * @throws RtspRequest.MalformedException when the input is neither
     */
    RtspRequest nextRequest() throws RtspRequest.MalformedException {
        in.flip();
        try {
            while (in.hasRemaining()) {
                if (in.get(in.position()) == '$') {
                    // RTCP receiver reports from a client in TCP mode: '$', channel, 16-bit length, packet
                    if (in.remaining() < 4) {
                        return null;
                    }
                    int length = in.getShort(in.position() + 2) & 0xFFFF;
                    if (in.remaining() < 4 + length) {
                        return null;
                    }
                    in.position(in.position() + 4 + length);
                    continue;
                }
                if (in.get(in.position()) == '\r' || in.get(in.position()) == '\n') {
                    in.get(); // blank lines between requests
                    continue;
                }
                return RtspRequest.parse(in);
            }
            return null;
        } finally {
            in.compact();
        }
    }

    /**
     * Sends bytes (from position to limit), writing what the socket takes now and keeping the rest in the backlog.
     *
     * @return false when the connection failed or the client is too slow: the caller closes it
     */
    boolean send(ByteBuffer bytes, long now) {
        if (closed) {
            return false;
        }
        if (backlog.isEmpty()) {
            try {
                channel.write(bytes);
            } catch (IOException e) {
                return false;
            }
            if (!bytes.hasRemaining()) {
                return true;
            }
            lastProgressNanos = now;
        }
        if (backlogBytes + bytes.remaining() > maxBacklog) {
            slow = true;
            return false;
        }
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        backlog.add(copy);
        backlogBytes += copy.remaining();
        key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        return true;
    }

    /**
     * Writes backlog when the socket can take it.
     *
     * @return false when the connection failed
     */
    boolean flush(long now) {
        try {
            while (!backlog.isEmpty()) {
                ByteBuffer head = backlog.peek();
                int written = channel.write(head);
                if (written > 0) {
                    lastProgressNanos = now;
                    backlogBytes -= written;
                }
                if (head.hasRemaining()) {
                    return true;
                }
                backlog.poll();
            }
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether output has waited with no progress for longer than {@link #STALL_NANOS}. */
    boolean stalled(long now) {
        return !backlog.isEmpty() && now - lastProgressNanos > STALL_NANOS;
    }

    long backlogBytes() {
        return backlogBytes;
    }

    boolean slow() {
        return slow;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        key.cancel();
        backlog.clear();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    boolean closed() {
        return closed;
    }
}
