package dev.kvsedge.server.fragments;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proposes fragment numbers as fragments commit: increasing on this server, and rarely equal between servers that
 * share a database. A number is {@code micros * 1000 + node}: the time part never repeats on one server (it moves
 * ahead of the clock when fragments commit faster than one per microsecond or the clock steps back), and the node
 * part is a random 0-999 chosen at start-up. The index makes the final number: above the stream's last one (see
 * {@link FragmentStore#append}), so a stream's numbers grow even when two servers' clocks disagree.
 */
public final class FragmentNumbers {
    private final Clock clock;
    private final int node;
    private long lastMicros;

    public FragmentNumbers(Clock clock) {
        this(clock, ThreadLocalRandom.current().nextInt(1000));
    }

    FragmentNumbers(Clock clock, int node) {
        this.clock = clock;
        this.node = node;
    }

    public synchronized long next() {
        java.time.Instant now = clock.instant();
        long micros = Math.multiplyExact(now.getEpochSecond(), 1_000_000L) + now.getNano() / 1000;
        lastMicros = Math.max(lastMicros + 1, micros);
        return lastMicros * 1000 + node;
    }
}
