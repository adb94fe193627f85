package dev.kvsedge.bench.ingest;

/**
 * What happened to one fragment of one upload, as {@link System#nanoTime()} values (0 = not yet).
 *
 * <ul>
 *   <li>{@code lastByteNanos}: the write of the fragment's last byte to the socket returned;</li>
 *   <li>{@code endVisibleNanos}: the server could know the fragment is complete: the last byte for a Cluster of
 *       known size, else the write of the next Cluster's header (or of the end of the upload) returned;</li>
 *   <li>{@code receivedNanos}, {@code persistedNanos}: the RECEIVED / PERSISTED acknowledgement was read.</li>
 * </ul>
 */
final class FragmentRecord {
    final long timecode;
    final long bytes;
    volatile long firstByteNanos;
    volatile long lastByteNanos;
    volatile long endVisibleNanos;
    volatile long bufferingNanos;
    volatile long receivedNanos;
    volatile long persistedNanos;
    volatile String error;

    FragmentRecord(long timecode, long bytes) {
        this.timecode = timecode;
        this.bytes = bytes;
    }
}
