package dev.kvsedge.server.http;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps connections from being held for nothing and counts them. A connection whose first request's headers have
 * not arrived within {@link ConnectionLimits#requestHeaders} of connecting (an idle socket, a slowloris sender) is
 * closed, as is one left idle between requests for {@link ConnectionLimits#idle}; a connection with a request in
 * progress (a long-poll, a live tail, an upload) is never idle. At the cap, a new connection takes the place of the
 * connection idle the longest, so that a flood of idle sockets cannot lock clients out even for the header timeout.
 * When every connection is busy, a new connection's first request is answered 503 and the connection closed; past the
 * cap and a margin for those answers (which cost a descriptor each while they last), a new connection is closed at
 * once, before it can take descriptors the server needs.
 */
final class ConnectionGuard {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long SUMMARY_NANOS = 60_000_000_000L;

    private final ConnectionLimits limits;
    private final int cap;
    private final int refusalMargin;
    private final Map<HttpConnection, Tracked> open = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger timedOut = new AtomicInteger();
    private final AtomicInteger displaced = new AtomicInteger();
    private volatile long lastSummary = System.nanoTime();

    /** A connection's state; written on its event loop, read by the sweep. */
    private static final class Tracked {
        final HttpConnection connection;
        final long openedNanos = System.nanoTime();
        volatile boolean overCap;
        final AtomicBoolean closing = new AtomicBoolean();
        volatile int inProgress;
        volatile boolean servedOne;
        volatile long idleSinceNanos = openedNanos;
        final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

        Tracked(HttpConnection connection) {
            this.connection = connection;
        }

        /** Closes it unless it is being closed already; false then. */
        boolean close() {
            if (!closing.compareAndSet(false, true)) {
                return false;
            }
            connection.close();
            return true;
        }
    }

    ConnectionGuard(ConnectionLimits limits) {
        this.limits = limits;
        this.cap = limits.cap();
        this.refusalMargin = Math.max(8, cap / 8);
        LOG.debug("serving at most {} connections at once", cap);
    }

    int cap() {
        return cap;
    }

    /**
     * A new connection: counted; at the cap it takes the place of an idle one, else it is to be refused; closed at once
     * when even answering it would be too much.
     */
    void opened(HttpConnection connection) {
        int n = count.incrementAndGet();
        Tracked tracked = new Tracked(connection);
        open.put(connection, tracked);
        connection.closeHandler(v -> {
            if (open.remove(connection) != null) {
                count.decrementAndGet();
            }
            tracked.closeListeners.forEach(Runnable::run);
        });
        if (n <= cap) {
            return;
        }
        if (n > cap + refusalMargin) {
            // Connections still closing count too: their descriptors are not free yet.
            refused.incrementAndGet();
            tracked.close();
            return;
        }
        Tracked displacedOne = closeLongestIdle(tracked);
        // In the place of one to be refused, it is to be refused too.
        tracked.overCap = displacedOne == null || displacedOne.overCap;
    }

    /** Closes the connection without a request in progress that has been idle the longest; null if there is none. */
    private Tracked closeLongestIdle(Tracked newcomer) {
        Tracked longest = null;
        for (Tracked t : open.values()) {
            if (t != newcomer && t.inProgress == 0 && !t.closing.get()
                    && (longest == null || t.idleSinceNanos - longest.idleSinceNanos < 0)) {
                longest = t;
            }
        }
        if (longest != null && longest.close()) {
            displaced.incrementAndGet();
            return longest;
        }
        return null;
    }

    /**
     * A request whose headers arrived: its connection is busy until the response ends. False when the connection is
     * over the cap: the caller answers 503 and closes it.
     */
    boolean admit(HttpServerRequest request) {
        Tracked tracked = open.get(request.connection());
        if (tracked == null) {
            return true; // closed meanwhile; Vert.x discards what is written to it
        }
        tracked.inProgress++;
        tracked.servedOne = true;
        request.response().bodyEndHandler(v -> {
            tracked.inProgress--;
            tracked.idleSinceNanos = System.nanoTime();
        });
        if (tracked.overCap) {
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    /** Runs {@code listener} when the request's connection closes (the guard holds the connection's close handler). */
    void whenClosed(HttpServerRequest request, Runnable listener) {
        Tracked tracked = open.get(request.connection());
        if (tracked == null) {
            listener.run();
            return;
        }
        tracked.closeListeners.add(listener);
        if (!open.containsKey(request.connection())) {
            listener.run(); // closed while it was being added: run it (a listener may run twice, so each is idempotent)
        }
    }

    /** Closes the connections past their time, and says once a minute what was refused or cut. */
    void sweep() {
        long now = System.nanoTime();
        for (Tracked t : open.values()) {
            if (t.inProgress > 0) {
                continue;
            }
            long allowed = (t.servedOne ? limits.idle() : limits.requestHeaders()).toNanos();
            if (now - t.idleSinceNanos > allowed) {
                if (t.close() && !t.servedOne) {
                    timedOut.incrementAndGet();
                }
            }
        }
        if (now - lastSummary >= SUMMARY_NANOS) {
            lastSummary = now;
            int refusedNow = refused.getAndSet(0);
            int timedOutNow = timedOut.getAndSet(0);
            int displacedNow = displaced.getAndSet(0);
            if (refusedNow > 0 || displacedNow > 0) {
                LOG.warn(
                        "at the limit of {} connections (it follows the open-file limit, ulimit -n) in the last minute:"
                                + " refused {} new connections, closed {} idle ones to make room; {} are open",
                        cap, refusedNow,
                        displacedNow, count.get());
            }
            if (timedOutNow > 0) {
                LOG.info("closed {} connections in the last minute that sent no complete request within {} s",
                        timedOutNow,
                        limits.requestHeaders().toSeconds());
            }
        }
    }
}
