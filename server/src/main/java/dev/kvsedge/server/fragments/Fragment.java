package dev.kvsedge.server.fragments;

import java.time.Instant;

/**
 * One persisted fragment: a Matroska cluster of a stream, indexed by its number and its two timestamps.
 *
 * @param number given when the fragment's index row commits: a stream's numbers grow in the order its fragments
 *     become visible (and, within one upload, in the order they arrived); clients see it as a decimal string
 * @param producerTimestamp when the producer recorded the fragment's first frame
 * @param serverTimestamp when the server began to receive it
 * @param blobKey where the bytes are: {@code headerLength} bytes of Matroska header, then the cluster's children
 */
public record Fragment(String streamArn, long number, Instant producerTimestamp, Instant serverTimestamp,
        long durationMillis, String blobKey, long blobSize, int headerLength) {

    /** What ListFragments reports as FragmentSizeInBytes: the cluster's media, without the stored header. */
    public long mediaSize() {
        return blobSize - headerLength;
    }

    public String numberText() {
        return Long.toString(number);
    }
}
