package dev.kvsedge.agent.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Time a test moves by hand: a wall clock and a monotonic ticker, so an hour of schedule passes in a millisecond and a
 * wall clock step can be made at will. Both move together with {@link #advance}; {@link #step} moves the wall clock
 * alone, as NTP or a user setting the time does.
 *
 * <p>A thread that parks on the ticker (a recording pacing a file, waiting out a backoff) moves time forward by what
 * it waits, up to the limit {@link #runUntil} sets (none at first), and blocks at the limit until it is raised or the
 * thread is stopped: an hour of a file is recorded as fast as FFmpeg reads it, and stops exactly where the test says.
 */
public final class ManualTime extends Clock implements Ticker {
    private long nanos;
    private Instant wallAtZero;
    /** Parked threads stand still until the test lets time run. */
    private long limit;

    public ManualTime(Instant start) {
        this.wallAtZero = start;
    }

    /** Moves both clocks forward. */
    public synchronized void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("monotonic time does not go back: " + by);
        }
        nanos += by.toNanos();
        notifyAll();
    }

    /** Moves both clocks forward to the wall clock time {@code t}. */
    public void advanceTo(Instant t) {
        advance(Duration.between(instant(), t));
    }

    /** Steps the wall clock by {@code by} (back when negative); the ticker does not move. */
    public synchronized void step(Duration by) {
        wallAtZero = wallAtZero.plus(by);
    }

    /** Lets parked threads move time up to {@code elapsed} on the ticker (from its origin), no further. */
    public synchronized void runUntil(Duration elapsed) {
        limit = elapsed.toNanos();
        notifyAll();
    }

    /** Waits (in real time, at most {@code timeout}) until parked threads have moved time to the limit. */
    public synchronized boolean awaitLimit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (nanos < limit) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** How far the ticker has moved from its origin. */
    public synchronized Duration elapsed() {
        return Duration.ofNanos(nanos);
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    @SuppressWarnings("WaitNotInLoop") // park may return early, as LockSupport.parkNanos may: its callers loop
    public void park(long wait) {
        synchronized (this) {
            long target = nanos + wait;
            if (target <= limit) {
                nanos = target;
                notifyAll();
                return;
            }
            if (nanos < limit) {
                nanos = limit;
                notifyAll();
            }
            try {
                wait(10); // at the limit: the caller loops, and sees its stop flag
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public synchronized Instant instant() {
        return wallAtZero.plusNanos(nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
