package dev.kvsedge.server.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that one dependency (the database, the media store) answers, and how fast. A check that takes longer than
 * the timeout counts as unreachable; health requests arriving meanwhile wait on that same check instead of starting
 * more. When the answer changes, one line says so (with the reason, which only the log gets).
 */
final class Probe {
    private static final Logger LOG = LoggerFactory.getLogger(Probe.class);

    record Result(boolean reachable, double latencyMillis) {}

    private final String name;
    private final HealthRoute.Check check;
    private final Executor executor;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<Result>> running = new AtomicReference<>();
    private volatile Boolean lastReachable;

    Probe(String name, HealthRoute.Check check, Executor executor, Duration timeout) {
        this.name = name;
        this.check = check;
        this.executor = executor;
        this.timeout = timeout;
    }

    Result run() {
        CompletableFuture<Result> current = running.get();
        if (current == null || current.isDone()) {
            CompletableFuture<Result> started = new CompletableFuture<>();
            if (running.compareAndSet(current, started)) {
                executor.execute(() -> started.complete(measure()));
                current = started;
            } else {
                current = running.get();
            }
        }
        Result result;
        try {
            result = current.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result = failed("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            result = failed(e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = new Result(false, 0);
        }
        return result;
    }

    private Result measure() {
        long start = System.nanoTime();
        try {
            check.run();
        } catch (Exception e) {
            return failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        Result result = new Result(true, (System.nanoTime() - start) / 1e6);
        if (Boolean.FALSE.equals(lastReachable)) {
            LOG.info("{} reachable again", name);
        }
        lastReachable = true;
        return result;
    }

    private Result failed(String reason) {
        if (!Boolean.FALSE.equals(lastReachable)) {
            LOG.warn("{} unreachable: {}", name, reason);
        }
        lastReachable = false;
        return new Result(false, 0);
    }
}
