package dev.kvsedge.server.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * How long a connection may be held without doing its part, and how many may be open at once. PutMedia bodies have
 * their own rules (the ingest package's idle timeout), and a request being answered (a long-poll, a live tail) is
 * never idle: only a client that keeps the server waiting for what it must send, or for it to read, is cut off.
 *
 * @param maxConnections connections served at once ({@code --max-connections}); 0 derives it from the open-file limit
 *     ({@link #cap})
 * @param requestHeaders from connecting to the first request's headers (idle sockets, slowloris senders)
 * @param requestBody from a request's headers to the end of its body, for the bodies read whole (at most 1 MiB)
 * @param idle between the end of a response and the next request's headers on a kept-alive connection; above the
 *     60 s that load balancers (ALB, nginx) and the SDKs' connection pools keep idle connections, so they close first
 * @param sendStall how long a response may wait for its client to read before the connection is cut
 */
public record ConnectionLimits(int maxConnections, Duration requestHeaders, Duration requestBody, Duration idle,
        Duration sendStall) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(0, Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofSeconds(75), Duration.ofSeconds(60));
    /** Fewest connections served whatever the descriptor limit, and most when derived from it. */
    static final int MIN_CAP = 16;
    static final int MAX_DERIVED_CAP = 20_000;

    public ConnectionLimits withIdle(Duration newIdle) {
        return new ConnectionLimits(maxConnections, requestHeaders, requestBody, newIdle, sendStall);
    }

    public ConnectionLimits withMaxConnections(int max) {
        return new ConnectionLimits(max, requestHeaders, requestBody, idle, sendStall);
    }

    /**
     * The connections to serve: {@link #maxConnections}, or a third of the file descriptors still free, so that the rest
     * stays for what connections open (an upload's media files, database connections) and for the connections a burst
     * brings in before they can be refused (the acceptor takes them faster than they are closed).
     */
    int cap() {
        if (maxConnections > 0) {
            return maxConnections;
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean os) {
            long free = os.getMaxFileDescriptorCount() - os.getOpenFileDescriptorCount();
            return (int) Math.clamp(free / 3, MIN_CAP, MAX_DERIVED_CAP);
        }
        return MAX_DERIVED_CAP;
    }

    /** How often the guard looks for connections past their time: often enough for the shortest limit. */
    Duration sweepPeriod() {
        Duration shortest = requestHeaders.compareTo(idle) < 0 ? requestHeaders : idle;
        return Duration.ofMillis(Math.clamp(shortest.toMillis() / 4, 50, 1000));
    }
}
