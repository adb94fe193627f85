package dev.kvsedge.server.ingest;

import java.time.Instant;

/**
 * How a PutMedia upload's cluster timecodes map to producer time: ABSOLUTE timecodes are epoch times in
 * TimecodeScale units; RELATIVE ones count from the producer start timestamp.
 *
 * @param producerStart the x-amzn-producer-start-timestamp, or null (ABSOLUTE only)
 */
record TimecodeMode(boolean absolute, Instant producerStart) {

    /** The producer timestamp, in nanoseconds since the epoch, of a cluster timecode. */
    long producerNanos(long clusterTimecode, long timecodeScaleNanos) {
        long offset = Math.multiplyExact(clusterTimecode, timecodeScaleNanos);
        if (absolute) {
            return offset;
        }
        long start = Math.addExact(Math.multiplyExact(producerStart.getEpochSecond(), 1_000_000_000L),
                producerStart.getNano());
        return Math.addExact(start, offset);
    }
}
