package dev.kvsedge.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A small pool of pre-signed copies of one request, replayed round-robin. Copy {@code i} is dated
 * {@code i} seconds in the past, so each copy carries a distinct X-Amz-Date and signature. The pool is
 * re-signed every 5 minutes, well within SigV4's 15-minute validity, so runs of any length stay valid.
 */
final class SignedRequestPool implements AutoCloseable {
    private static final Duration REFRESH = Duration.ofMinutes(5);
    private static final int MAX_SIZE = 240;

    private final Function<Clock, byte[]> signOne;
    private final int size;
    private final ScheduledExecutorService refresher;
    private volatile byte[][] requests;
    /** Ends only if re-signing failed: then the requests would expire and the server refuse them. */
    private final ScheduledFuture<?> refreshing;

    SignedRequestPool(int size, Function<Clock, byte[]> signOne) {
        this.size = Math.min(size, MAX_SIZE);
        this.signOne = signOne;
        this.requests = signAll();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "request-resigner");
            t.setDaemon(true);
            return t;
        });
        this.refreshing = refresher.scheduleAtFixedRate(() -> requests = signAll(), REFRESH.toSeconds(),
                REFRESH.toSeconds(), TimeUnit.SECONDS);
    }

    private byte[][] signAll() {
        Clock now = Clock.systemUTC();
        byte[][] signed = new byte[size][];
        for (int i = 0; i < size; i++) {
            signed[i] = signOne.apply(Clock.offset(now, Duration.ofSeconds(-i)));
        }
        return signed;
    }

    /** The request to send as the {@code n}th one. */
    byte[] get(long n) {
        if (refreshing.isDone() && !refreshing.isCancelled()) {
            throw new IllegalStateException("re-signing the requests failed", failure(refreshing));
        }
        byte[][] current = requests;
        return current[(int) (n % current.length)];
    }

    private static Throwable failure(Future<?> ended) {
        try {
            ended.get();
            return new IllegalStateException("the re-signing task ended");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    int size() {
        return size;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
