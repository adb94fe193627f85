package dev.kvsedge.bench;

import java.time.Duration;

/** The time line of a run, on the {@link System#nanoTime()} clock: warm-up, then the measured window. */
record RunPhases(long startNanos, long measureStartNanos, long measureEndNanos) {
    /** How long to wait for requests still in flight once the measured window has ended. */
    static final long DRAIN_NANOS = Duration.ofSeconds(5).toNanos();

    static RunPhases startingNow(Duration warmup, Duration duration) {
        long start = System.nanoTime();
        return new RunPhases(start, start + warmup.toNanos(), start + warmup.toNanos() + duration.toNanos());
    }

    boolean measuring(long now) {
        return now >= measureStartNanos && now < measureEndNanos;
    }

    boolean warmingUp(long now) {
        return now < measureStartNanos;
    }

    boolean over(long now) {
        return now >= measureEndNanos;
    }

    double measuredSeconds() {
        return (measureEndNanos - measureStartNanos) / 1e9;
    }
}
