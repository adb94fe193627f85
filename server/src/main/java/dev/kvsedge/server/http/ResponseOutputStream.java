package dev.kvsedge.server.http;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A chunked response body written from a virtual thread. Each write goes out at once (acknowledgements must
 * not wait in a buffer; callers batch media into large writes) and blocks while Vert.x's write queue is full,
 * so a slow client slows the writer instead of filling memory; a client that reads nothing for the send-stall limit
 * is given up on (the write fails and the connection is cut), so it cannot hold a connection and a thread forever.
 */
final class ResponseOutputStream extends OutputStream {
    private final HttpServerResponse response;
    private final Context context;
    private final Duration sendStall;
    private volatile boolean gone;

    ResponseOutputStream(HttpServerResponse response, Context context, Duration sendStall) {
        this.response = response;
        this.context = context;
        this.sendStall = sendStall;
        response.closeHandler(v -> gone = true);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (gone) {
            throw new IOException("the client closed the connection");
        }
        if (length == 0) {
            return;
        }
        Buffer chunk = Buffer.buffer(length).appendBytes(bytes, offset, length);
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (response.closed() || response.ended()) {
                accepted.completeExceptionally(new IOException("the client closed the connection"));
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                response.drainHandler(d -> accepted.complete(null));
            } else {
                accepted.complete(null);
            }
        });
        await(accepted);
    }

    private void await(CompletableFuture<Void> accepted) throws IOException {
        long deadline = System.nanoTime() + sendStall.toNanos();
        while (true) {
            try {
                accepted.get(Math.min(1000, Math.max(1, sendStall.toMillis())),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                if (gone) {
                    throw new IOException("the client closed the connection");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("the client read nothing for " + sendStall.toSeconds() + " s");
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }
    }

    /** Everything is sent as written; this only tells a long-quiet producer (a live tail) that the client left. */
    @Override
    public void flush() throws IOException {
        if (gone) {
            throw new IOException("the client closed the connection");
        }
    }

    /** Ends the response: the last chunk goes out. */
    @Override
    public void close() {
        context.runOnContext(v -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
    }
}
