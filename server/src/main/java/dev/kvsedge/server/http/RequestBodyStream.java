package dev.kvsedge.server.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A request body as a blocking {@link InputStream}, fed by Vert.x on the event loop and read on a virtual
 * thread. Reading is flow-controlled: past {@link #HIGH_WATER} queued bytes the request is paused (TCP then
 * pushes back on the client), and resumed once the reader drained it below {@link #LOW_WATER}. So an upload
 * of any length holds at most about a megabyte here.
 */
final class RequestBodyStream extends InputStream {
    static final int HIGH_WATER = 1 << 20;
    static final int LOW_WATER = 256 << 10;

    private final HttpServerRequest request;
    private final Context context;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    private int queued;
    private boolean paused;
    private boolean ended;
    private String failure;
    private Buffer current;
    private int position;

    RequestBodyStream(HttpServerRequest request, Context context) {
        this.request = request;
        this.context = context;
        request.handler(this::onChunk);
        request.endHandler(v -> onEnd());
        request.exceptionHandler(e -> fail("the upload broke off: " + e.getMessage()));
    }

    /** The connection closed: a reader waiting for more gets an error (nothing happens once the body has ended). */
    void connectionClosed() {
        fail("the client closed the connection");
    }

    private void onChunk(Buffer chunk) {
        lock.lock();
        try {
            chunks.add(chunk);
            queued += chunk.length();
            if (queued > HIGH_WATER && !paused) {
                paused = true;
                request.pause();
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void onEnd() {
        lock.lock();
        try {
            ended = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(String reason) {
        lock.lock();
        try {
            if (!ended && failure == null) {
                failure = reason;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Element headers are read a byte at a time: no allocation here, and the lock is not contended. */
    @Override
    public int read() throws IOException {
        lock.lock();
        try {
            return awaitData() ? current.getByte(position++) & 0xFF : -1;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            if (!awaitData()) {
                return -1;
            }
            int n = Math.min(length, current.length() - position);
            current.getBytes(position, position + n, into, offset);
            position += n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Waits, holding the lock, until the current chunk has a byte to read; false at the body's end. */
    private boolean awaitData() throws IOException {
        while (current == null || position == current.length()) {
            current = chunks.poll();
            position = 0;
            if (current != null) {
                queued -= current.length();
                if (paused && queued < LOW_WATER) {
                    paused = false;
                    context.runOnContext(v -> request.resume());
                }
                continue;
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            if (ended) {
                return false;
            }
            arrived.awaitUninterruptibly();
        }
        return true;
    }

    /** Unblocks a waiting reader with an error: the session gave up on this upload (idle, replaced). */
    @Override
    public void close() {
        fail("the upload was closed");
    }
}
