package dev.kvsedge.server.fragments;

import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Recognizes a fragment sent again: a producer that crashed between a PERSISTED and recording it sends the same
 * cluster once more. The same fragment means: the same stream (ARN), the same producer timestamp (to the millisecond,
 * as the index keeps it) and the same stored bytes, byte for byte: the track description the blob starts with
 * (TimecodeScale and Tracks as the producer sent them) and the cluster. Such a fragment is acknowledged as the one
 * already stored, with its number, and is not stored twice. Anything else, even a fragment that differs in one byte
 * at the same timestamp, is a new fragment.
 */
public final class ResentFragments {
    /** More fragments of one stream at one millisecond than this are not compared: none is a re-sent copy in practice. */
    private static final int MAX_CANDIDATES = 16;
    private static final int BUFFER = 64 << 10;

    private final FragmentStore index;
    private final BlobStore blobs;

    public ResentFragments(FragmentStore index, BlobStore blobs) {
        this.index = index;
        this.blobs = blobs;
    }

    /** The stored fragment that {@code arrived} (whose blob is committed) is a copy of, if any. */
    public Optional<Fragment> storedCopy(NewFragment arrived) throws IOException {
        for (Fragment stored : index.inRange(arrived.streamArn(), TimeKind.PRODUCER, arrived.producerTimestamp(),
                arrived.producerTimestamp(), null, null, MAX_CANDIDATES)) {
            if (stored.blobSize() == arrived.blobSize() && stored.headerLength() == arrived.headerLength()
                    && sameBytes(stored.blobKey(), arrived.blobKey())) {
                return Optional.of(stored);
            }
        }
        return Optional.empty();
    }

    private boolean sameBytes(String storedKey, String arrivedKey) throws IOException {
        try (InputStream a = blobs.open(storedKey, 0, -1); InputStream b = blobs.open(arrivedKey, 0, -1)) {
            byte[] left = new byte[BUFFER];
            byte[] right = new byte[BUFFER];
            while (true) {
                int n = a.readNBytes(left, 0, BUFFER);
                int m = b.readNBytes(right, 0, BUFFER);
                if (n != m || !Arrays.equals(left, 0, n, right, 0, m)) {
                    return false;
                }
                if (n < BUFFER) {
                    return true;
                }
            }
        }
    }
}
