package dev.kvsedge.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;

/**
 * Closes the connection of a request answered before its body was read (a refused, oversized or ended upload), but
 * only after discarding what the client still sends for a while. Closing a socket with unread data resets the
 * connection: a producer still writing its body (any live camera; the SDK for Java v1's PutMedia client) then fails
 * on its next write and drops the connection before it has read the answer. Discarding ends when the body ends,
 * after {@link #IDLE} without a byte (the client stopped sending), or after {@link #MAX} in all.
 */
final class LingeringClose {
    static final Duration IDLE = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(5);
    private static final long CHECK_MILLIS = 200;

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final long started = System.nanoTime();
    private long lastByte = started;
    private long timer = -1;

    private LingeringClose(Vertx vertx, HttpServerRequest request) {
        this.vertx = vertx;
        this.request = request;
    }

    /** Call on the request's event loop once its response has ended. */
    static void after(Vertx vertx, HttpServerRequest request) {
        if (request.isEnded()) {
            request.connection().close();
            return;
        }
        new LingeringClose(vertx, request).discard();
    }

    private void discard() {
        request.handler(chunk -> lastByte = System.nanoTime());
        request.exceptionHandler(e -> close());
        request.endHandler(v -> close());
        timer = vertx.setPeriodic(CHECK_MILLIS, id -> {
            long now = System.nanoTime();
            if (now - lastByte > IDLE.toNanos() || now - started > MAX.toNanos()) {
                close();
            }
        });
        request.resume(); // a streamed body may have been paused by its reader
    }

    private void close() {
        vertx.cancelTimer(timer);
        request.connection().close();
    }
}
