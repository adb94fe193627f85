package dev.kvsedge.server.fragments;

import java.time.Instant;

/** A fragment whose blob is durable, ready to be indexed; its number is given when its index row is committed. */
public record NewFragment(String streamArn, Instant producerTimestamp, Instant serverTimestamp, long durationMillis,
                          String blobKey, long blobSize, int headerLength) {

    public Fragment numbered(long number) {
        return new Fragment(streamArn, number, producerTimestamp, serverTimestamp, durationMillis, blobKey, blobSize, headerLength);
    }
}
