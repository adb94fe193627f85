package dev.kvsedge.agent.record;

import java.time.Duration;

/** Waits between reconnects: the first wait, doubling after each failure up to a limit, back to the first on reset. */
final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    /** The wait before the coming retry; the one after it is twice as long (at most the limit). */
    Duration next() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        if (next.isZero()) {
            next = max;
        }
        return wait;
    }

    /** The source works again: the next failure waits the first wait. */
    void reset() {
        next = first;
    }
}
