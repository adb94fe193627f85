package dev.kvsedge.server.ingest;

import java.time.Duration;

/**
 * Kinesis Video's PutMedia quotas, configurable for tests.
 *
 * @param idleAck how long without data before an IDLE acknowledgement (and again after each)
 * @param idleTimeout how long without data before the server ends the upload
 */
public record IngestLimits(long maxFragmentBytes, Duration maxFragmentDuration, int maxTracks, Duration idleAck,
        Duration idleTimeout) {

    public static final IngestLimits AWS = new IngestLimits(50L << 20, Duration.ofSeconds(10), 3, Duration.ofSeconds(3),
            Duration.ofSeconds(30));
}
