package dev.kvsedge.agent.time;

import java.util.concurrent.locks.LockSupport;

/**
 * Monotonic time, for durations and deadlines: unlike the wall clock it never steps when NTP (or a user) sets the
 * time. {@link #system()} is {@link System#nanoTime()}; tests inject one they move by hand, on which a recording's
 * pacing and the agent's retries and sweeps run without real waiting.
 */
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanos();

    /**
     * Waits up to {@code nanos}, or less: an {@link LockSupport#unpark} of the thread, or a test's ticker, may end
     * the wait early. Callers loop until their deadline or their stop flag.
     */
    void park(long nanos);

    static Ticker system() {
        return SystemTicker.INSTANCE;
    }

    /** The JVM's monotonic clock. */
    enum SystemTicker implements Ticker {
        INSTANCE;

        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public void park(long nanos) {
            LockSupport.parkNanos(this, nanos);
        }
    }
}
