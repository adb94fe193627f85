package dev.kvsedge.agent.time;

import java.time.Duration;

/**
 * Pauses between failed attempts: the first pause, doubling after each failure up to a limit, back to the first on
 * {@link #reset} (which the caller does once the thing works again, not merely once it starts). Thread-safe.
 */
public final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff(Duration first, Duration max) {
        if (first.isNegative() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 <= first <= max, not " + first + " and " + max);
        }
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The pause before the coming attempt; the one after it is twice as long (at most the limit). */
    public synchronized Duration next() {
        Duration pause = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.isZero() || doubled.compareTo(max) > 0 ? max : doubled;
        return pause;
    }

    /** It works again: the next failure pauses the first pause. */
    public synchronized void reset() {
        next = first;
    }
}
