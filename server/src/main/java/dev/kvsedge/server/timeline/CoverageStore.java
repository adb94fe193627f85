package dev.kvsedge.server.timeline;

import java.time.Instant;

/** Reads a stream's fragment index for the timeline: times and sizes only, in recording order. */
public interface CoverageStore {

    /** Receives fragments one by one; returns false to stop the scan. */
    @FunctionalInterface
    interface FragmentSink {
        boolean accept(long producerMillis, long durationMillis, long mediaBytes);
    }

    /**
     * Feeds {@code sink} the fragments of the stream whose producer timestamp lies in [{@code from}, {@code to}),
     * in producer timestamp order, without holding them all in memory.
     */
    void scan(String streamArn, Instant from, Instant to, FragmentSink sink);
}
