package dev.kvsedge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive connection driven by a {@link LoadWorker}'s selector: keeps up to {@code depth}
 * requests in flight (1 = closed loop; more = HTTP/1.1 pipelining) and times each from the moment it
 * is queued for writing to the moment its response is completely read.
 */
final class ClientConnection implements ResponseParser.Listener {
    private final InetSocketAddress address;
    private final Selector selector;
    private final LoadWorker worker;
    private final int depth;
    private final ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    private final ByteBuffer out;
    private final long[] sentAt;
    private int sentHead;
    private int inFlight;
    private boolean closeRequested;
    private ResponseParser parser;
    private SocketChannel channel;
    private SelectionKey key;

    ClientConnection(InetSocketAddress address, Selector selector, LoadWorker worker, int depth, int maxRequestBytes) {
        this.address = address;
        this.selector = selector;
        this.worker = worker;
        this.depth = depth;
        this.out = ByteBuffer.allocateDirect(Math.max(64 * 1024, 2 * depth * maxRequestBytes));
        this.sentAt = new long[depth];
    }

    void open() throws IOException {
        channel = SocketChannel.open();
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.connect(address);
        channel.configureBlocking(false);
        key = channel.register(selector, SelectionKey.OP_READ, this);
        parser = new ResponseParser(this);
        in.clear();
        out.clear();
        inFlight = 0;
        sentHead = 0;
        closeRequested = false;
    }

    int inFlight() {
        return inFlight;
    }

    /** Queues requests until {@code depth} are in flight, then writes what the socket takes. */
    void fill() throws IOException {
        while (inFlight < depth && !worker.stopping()) {
            byte[] request = worker.nextRequest();
            if (out.remaining() < request.length) {
                break;
            }
            out.put(request);
            sentAt[(sentHead + inFlight) % depth] = System.nanoTime();
            inFlight++;
        }
        flush();
    }

    void flush() throws IOException {
        out.flip();
        channel.write(out);
        boolean pending = out.hasRemaining();
        out.compact();
        int ops = pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Reads what arrived and handles every complete response; false when the connection is gone. */
    boolean read() throws IOException {
        int n = channel.read(in);
        if (n < 0) {
            in.flip();
            parser.feed(in);
            boolean clean = parser.onClose();
            lose(clean ? "server closed the connection" : "server closed the connection mid-response");
            return false;
        }
        in.flip();
        parser.feed(in);
        in.compact();
        if (closeRequested) {
            lose("server asked to close the connection");
            return false;
        }
        return true;
    }

    @Override
    public void onResponse(int status, boolean closeAfter, String bodySnippet) {
        long now = System.nanoTime();
        long latency = now - sentAt[sentHead];
        sentHead = (sentHead + 1) % depth;
        inFlight--;
        worker.stats().recordResponse(worker.phases(), now, latency, status, bodySnippet);
        if (closeAfter) {
            closeRequested = true;
        }
    }

    /** Counts the requests still in flight as lost and closes the socket. */
    void lose(String reason) {
        worker.stats().recordLostRequests(inFlight, reason);
        inFlight = 0;
        close();
    }

    void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }
}
