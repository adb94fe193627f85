package dev.kvsedge.agent.sync;

import java.time.Duration;

/** Pauses between failed attempts: doubling from {@code first} up to {@code max}, back to {@code first} on success. */
public final class Backoff {
    private final Duration first;
    private final Duration max;
    private Duration next;

    public Backoff(Duration first, Duration max) {
        this.first = first;
        this.max = max;
        this.next = first;
    }

    public Duration next() {
        Duration now = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return now;
    }

    public void reset() {
        next = first;
    }
}
