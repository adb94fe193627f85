package dev.kvsedge.server.edge;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Wakes the agents' long-polls. A waiter parks (a virtual thread, so an idle poll costs a few
 * hundred bytes) until its hub's stored change sequence passes what it last saw, or until its time
 * is up. The sequence is read under the hub's lock and {@link #signal} takes the same lock after the
 * change committed, so no wake-up is lost between the check and the wait.
 */
final class HubChanges {
    private final ConcurrentHashMap<String, Hub> hubs = new ConcurrentHashMap<>();

    private static final class Hub {
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
    }

    /** Returns the hub's sequence once it is greater than {@code since}, or the unchanged sequence after {@code maxWait}. */
    long await(String hubDeviceArn, long since, Duration maxWait, LongSupplier sequence) throws InterruptedException {
        Hub hub = hubs.computeIfAbsent(hubDeviceArn, k -> new Hub());
        long remaining = maxWait.toNanos();
        hub.lock.lock();
        try {
            long current = sequence.getAsLong();
            while (current <= since && remaining > 0) {
                remaining = hub.changed.awaitNanos(remaining);
                current = sequence.getAsLong();
            }
            return current;
        } finally {
            hub.lock.unlock();
        }
    }

    void signal(String hubDeviceArn) {
        Hub hub = hubs.get(hubDeviceArn);
        if (hub == null) {
            return;
        }
        hub.lock.lock();
        try {
            hub.changed.signalAll();
        } finally {
            hub.lock.unlock();
        }
    }

    void signalAll() {
        hubs.keySet().forEach(this::signal);
    }
}
