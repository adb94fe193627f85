package dev.kvsedge.server.fragments;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Wakes live readers (GetMedia, LIVE playlists) when a stream persists a fragment, so a tail never polls
 * the database in a loop. In-process: several servers on one database would need PostgreSQL NOTIFY.
 */
public final class FragmentFeed {
    private final ConcurrentMap<String, Object> monitors = new ConcurrentHashMap<>();

    public void published(String streamArn) {
        Object monitor = monitors.get(streamArn);
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /**
     * Waits until the stream publishes or {@code timeout} passes. Callers check the store before and after:
     * a publication between their check and this wait is caught by the bounded wait.
     */
    public void await(String streamArn, Duration timeout) throws InterruptedException {
        Object monitor = monitors.computeIfAbsent(streamArn, k -> new Object());
        synchronized (monitor) {
            TimeUnit.MILLISECONDS.timedWait(monitor, Math.max(1, timeout.toMillis()));
        }
    }
}
