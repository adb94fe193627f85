package dev.kvsedge.server.fragments;

import java.time.Instant;

/**
 * A fragment whose blob is durable, ready to be indexed; its number is given when its index row is committed.
 * {@code uploadToken} is the fencing token of the upload that sent it: the index takes it only while that upload still
 * holds its stream ({@link #UNFENCED}: whatever upload holds it, for fragments that come from no upload).
 */
public record NewFragment(String streamArn, Instant producerTimestamp, Instant serverTimestamp, long durationMillis,
        String blobKey, long blobSize, int headerLength, long uploadToken) {

    public static final long UNFENCED = 0;

    public NewFragment(String streamArn, Instant producerTimestamp, Instant serverTimestamp, long durationMillis,
            String blobKey, long blobSize, int headerLength) {
        this(streamArn, producerTimestamp, serverTimestamp, durationMillis, blobKey, blobSize, headerLength, UNFENCED);
    }

    public Fragment numbered(long number) {
        return new Fragment(streamArn, number, producerTimestamp, serverTimestamp, durationMillis, blobKey, blobSize,
                headerLength);
    }
}
