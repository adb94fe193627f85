package dev.kvsedge.agent.record;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Cuts frames into segments and clusters.
 *
 * <ul>
 * <li>A segment starts at a key frame, and the next one at the first key frame once it holds
 *     {@code segmentMillis} of media, or when the track changes (new parameter sets). Before starting one,
 *     {@code mayWrite} is asked; while it says no, frames are dropped and no file is open.</li>
 * <li>A cluster (a PutMedia fragment) starts at every key frame, so clusters are GOPs, and also before a frame
 *     that would end more than {@code maxClusterMillis} after the cluster's start (a camera whose GOP is longer
 *     than the server's fragment limit: such a cluster opens without a key frame, as it must).</li>
 * <li>Cluster timecodes are absolute: epoch milliseconds (TimecodeScale 1 ms), the wall-clock recording time.
 *     A segment file can be sent as is with PutMedia's ABSOLUTE fragment timecodes.</li>
 * </ul>
 */
final class Segmenter {
    private final String streamArn;
    private final Path dir;
    private final long segmentMillis;
    private final long maxClusterMillis;
    private final BooleanSupplier mayWrite;
    private final SegmentIndex index;
    private final Consumer<Segment> indexed;

    private byte[] header;
    private boolean headerChanged;
    private SegmentWriter writer;
    private long segmentStart;
    private long segmentEnd;
    private long clusterStart;
    private boolean paused;

    Segmenter(RecordingConfig config, SegmentIndex index, Consumer<Segment> indexed) {
        this.streamArn = config.streamArn();
        this.dir = config.segmentDir();
        this.segmentMillis = config.segmentDuration().toMillis();
        this.maxClusterMillis = config.maxClusterDuration().toMillis();
        this.mayWrite = config.mayWrite();
        this.index = index;
        this.indexed = indexed;
    }

    /** The document header for segments from now on; a different one ends the current segment at the next key frame. */
    void header(byte[] newHeader) {
        if (header != null && !java.util.Arrays.equals(header, newHeader)) {
            headerChanged = true;
        }
        header = newHeader;
    }

    boolean hasHeader() {
        return header != null;
    }

    /**
     * Writes a frame, or drops it (before the first key frame, or while paused).
     *
     * @param wallNanos the frame's presentation time, epoch nanoseconds
     * @param durationNanos how long it shows
     * @return whether it was written
     */
    boolean frame(long wallNanos, long durationNanos, boolean keyFrame, AccessUnit unit) throws IOException {
        long ms = Math.floorDiv(wallNanos, 1_000_000L);
        long endMs = Math.max(ms + 1, Math.floorDiv(wallNanos + durationNanos, 1_000_000L));
        if (keyFrame) {
            if (writer != null && (ms - segmentStart >= segmentMillis || headerChanged)) {
                finish();
            }
            if (writer == null) {
                if (!mayWrite.getAsBoolean()) {
                    paused = true;
                    return false;
                }
                paused = false;
                start(ms);
            } else {
                cluster(ms);
            }
        } else if (writer == null) {
            return false;
        } else if (endMs - clusterStart > maxClusterMillis || ms - clusterStart < Short.MIN_VALUE) {
            cluster(ms);
        }
        writer.block((int) (ms - clusterStart), keyFrame, unit);
        segmentEnd = Math.max(segmentEnd, endMs);
        return true;
    }

    /** Whether the last key frame found new segments not allowed. */
    boolean paused() {
        return paused;
    }

    /**
     * Completes the current segment, if any: fsynced, renamed, indexed, announced.
     *
     * @return the segment, or null when none was open
     */
    Segment finish() throws IOException {
        if (writer == null) {
            return null;
        }
        SegmentWriter w = writer;
        writer = null;
        long size = w.finish();
        Segment segment = index.add(streamArn, w.file(), Instant.ofEpochMilli(segmentStart), Instant.ofEpochMilli(segmentEnd), size);
        indexed.accept(segment);
        return segment;
    }

    /** Drops the current segment's part file (after a write failure: what is in it is not known to be whole). */
    void abandon() {
        if (writer != null) {
            writer.abandon();
            writer = null;
        }
    }

    private void start(long ms) throws IOException {
        headerChanged = false;
        writer = SegmentWriter.create(SegmentFiles.newSegmentFile(dir, ms), header);
        segmentStart = ms;
        segmentEnd = ms;
        cluster(ms);
    }

    private void cluster(long ms) throws IOException {
        writer.startCluster(ms);
        clusterStart = ms;
    }
}
