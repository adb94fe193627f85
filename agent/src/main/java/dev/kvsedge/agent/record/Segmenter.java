package dev.kvsedge.agent.record;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.segments.SegmentIndexException;
import dev.kvsedge.media.mkv.MkvWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts frames into segments and clusters, within the stream's {@link MediaRoom}.
 *
 * <ul>
 * <li>A segment starts at a key frame, and the next one at the first key frame once it holds
 *     {@code segmentMillis} of media, when the track changes (new parameter sets), or when times go back (the
 *     wall clock was followed back: see {@link MediaClock}).</li>
 * <li>Room is asked for frame by frame: a segment starts only if its first frame fits the room the stream has, and
 *     when the next frame would not fit the segment ends before it (DENY_NEW_MEDIA at the cap, or DELETE_OLDEST_MEDIA
 *     once it deleted the stream's older segments), so the local media passes the cap by at most the segment being
 *     written. Until room is back, frames are dropped and no file is open ({@link #limited}).</li>
 * <li>A cluster (a PutMedia fragment) starts at every key frame, so clusters are GOPs, and also before a frame
 *     that would end more than {@code maxClusterMillis} after the cluster's start (a camera whose GOP is longer
 *     than the server's fragment limit: such a cluster opens without a key frame, as it must).</li>
 * <li>Cluster timecodes are absolute: epoch milliseconds (TimecodeScale 1 ms), the wall-clock recording time.
 *     A segment file can be sent as is with PutMedia's ABSOLUTE fragment timecodes.</li>
 * <li>A full disk asks the room to free the stream's oldest media and goes on; when it cannot,
 *     {@link DiskFullException} reaches the caller, who keeps the whole clusters with {@link #finishWholeClusters}.</li>
 * </ul>
 */
final class Segmenter {
    /** What a SimpleBlock adds to its frame at most, and a cluster's header with its timecode. */
    private static final int BLOCK_OVERHEAD = 16;
    private static final int CLUSTER_OVERHEAD = MkvWriter.CLUSTER_HEADER_LENGTH + 10;
    /** What the index may need to take a segment on a full disk: a few pages of its write-ahead log. */
    private static final long INDEX_ROOM = 256 * 1024;

    private final String streamArn;
    private final Path dir;
    private final long segmentMillis;
    private final long maxClusterMillis;
    private final MediaRoom room;
    private final SegmentIndex index;
    private final Consumer<Segment> indexed;

    private byte[] header;
    private boolean headerChanged;
    private SegmentWriter writer;
    private long segmentStart;
    private long segmentEnd;
    /** The end of the frames before the cluster in progress: the segment's end if that cluster is dropped. */
    private long wholeClustersEnd;
    private long clusterStart;
    /** Bytes the segment in progress may take in all, as the room last said. */
    private long allowance;
    private boolean limited;
    private long diskRoomMade;

    Segmenter(RecordingConfig config, SegmentIndex index, Consumer<Segment> indexed) {
        this.streamArn = config.streamArn();
        this.dir = config.segmentDir();
        this.segmentMillis = config.segmentDuration().toMillis();
        this.maxClusterMillis = config.maxClusterDuration().toMillis();
        this.room = config.room();
        this.index = index;
        this.indexed = indexed;
    }

    /** The document header for segments from now on; a different one ends the current segment at the next key frame. */
    void header(byte[] newHeader) {
        if (header != null && !Arrays.equals(header, newHeader)) {
            headerChanged = true;
        }
        header = newHeader;
    }

    boolean hasHeader() {
        return header != null;
    }

    /**
     * Writes a frame, or drops it (before the first key frame, or while the room is used up).
     *
     * @param wallNanos the frame's presentation time, epoch nanoseconds
     * @param durationNanos how long it shows
     * @return whether it was written
     * @throws DiskFullException when the disk is full and no room could be made: the segment stays open for
     *     {@link #finishWholeClusters}
     */
    boolean frame(long wallNanos, long durationNanos, boolean keyFrame, AccessUnit unit) throws IOException {
        long ms = Math.floorDiv(wallNanos, 1_000_000L);
        long endMs = Math.max(ms + 1, Math.floorDiv(wallNanos + durationNanos, 1_000_000L));
        long cost = (long) unit.avccLength() + BLOCK_OVERHEAD;
        if (keyFrame) {
            if (writer != null && (ms - segmentStart >= segmentMillis || headerChanged || ms < clusterStart)) {
                finish();
            }
            if (writer == null) {
                allowance = room.forNewSegment();
                limited = allowance < header.length + CLUSTER_OVERHEAD + cost;
                if (limited) {
                    return false;
                }
                start(ms);
            } else if (fits(cost + CLUSTER_OVERHEAD)) {
                cluster(ms);
            } else {
                return false;
            }
        } else if (writer == null) {
            return false;
        } else if (endMs - clusterStart > maxClusterMillis || ms - clusterStart < Short.MIN_VALUE) {
            if (!fits(cost + CLUSTER_OVERHEAD)) {
                return false;
            }
            cluster(ms);
        } else if (!fits(cost)) {
            return false;
        }
        writer.block((int) (ms - clusterStart), keyFrame, unit);
        segmentEnd = Math.max(segmentEnd, endMs);
        return true;
    }

    /**
     * Writes an audio frame into the cluster in progress, or drops it (no segment open: before the first key frame,
     * or while the room is used up). A frame a few milliseconds older than the cluster's key frame (audio and video
     * interleave loosely) goes at the cluster's start.
     *
     * @return whether it was written
     */
    boolean audio(long wallNanos, long durationNanos, byte[] frame, int length) throws IOException {
        if (writer == null) {
            return false;
        }
        long ms = Math.floorDiv(wallNanos, 1_000_000L);
        long relative = Math.max(0, ms - clusterStart);
        if (relative > Short.MAX_VALUE || !fits(length + BLOCK_OVERHEAD)) {
            return false;
        }
        writer.audioBlock((int) relative, frame, length);
        segmentEnd = Math.max(segmentEnd, Math.max(ms + 1, Math.floorDiv(wallNanos + durationNanos, 1_000_000L)));
        return true;
    }

    /** Whether {@code cost} more bytes fit the segment, with more room asked for if needed; if not, it ends here. */
    private boolean fits(long cost) throws IOException {
        long needed = writer.size() + cost;
        if (needed > allowance) {
            allowance = room.grow(needed);
        }
        if (needed <= allowance) {
            return true;
        }
        limited = true;
        finish();
        return false;
    }

    /** Whether the room ran out at the last try: no segment is open until a key frame finds room again. */
    boolean limited() {
        return limited;
    }

    /** How often a full disk was met and room made (by deleting older media) without the recording noticing. */
    long diskRoomMade() {
        return diskRoomMade;
    }

    /**
     * Completes the current segment, if any: fsynced, renamed, indexed, announced.
     *
     * @return the segment, or null when none was open
     * @throws DiskFullException when the disk is full: the segment stays open for {@link #finishWholeClusters}
     */
    Segment finish() throws IOException {
        if (writer == null) {
            return null;
        }
        long size = writer.finish();
        SegmentWriter w = writer;
        writer = null;
        return index(w.file(), segmentEnd, size);
    }

    /**
     * Completes the current segment without the cluster in progress, after the disk filled up: what is whole is
     * kept (indexed as usual), the rest is dropped, which frees its bytes.
     *
     * @return the segment, or null when none was open or it had no whole cluster
     */
    Segment finishWholeClusters() throws IOException {
        if (writer == null) {
            return null;
        }
        SegmentWriter w = writer;
        writer = null;
        long size = w.finishWholeClusters();
        return size < 0 ? null : index(w.file(), wholeClustersEnd, size);
    }

    /** Drops the current segment's part file (after a write failure: what is in it is not known to be whole). */
    void abandon() {
        if (writer != null) {
            writer.abandon();
            writer = null;
        }
    }

    /**
     * Indexes a complete file, making room on a full disk once if the room allows (the index lives on the same disk).
     * If the index fails, the file stays for recovery to index.
     */
    private Segment index(Path file, long endMs, long size) {
        Instant start = Instant.ofEpochMilli(segmentStart);
        Instant end = Instant.ofEpochMilli(endMs);
        Segment segment;
        try {
            segment = index.add(streamArn, file, start, end, size);
        } catch (SegmentIndexException e) {
            if (!DiskFullException.isDiskFull(e) || freeDisk(INDEX_ROOM) <= 0) {
                throw e;
            }
            segment = index.add(streamArn, file, start, end, size);
        }
        indexed.accept(segment);
        return segment;
    }

    private void start(long ms) throws IOException {
        headerChanged = false;
        writer = SegmentWriter.create(SegmentFiles.newSegmentFile(dir, ms), header, this::freeDisk);
        segmentStart = ms;
        segmentEnd = ms;
        wholeClustersEnd = ms;
        cluster(ms);
    }

    private void cluster(long ms) throws IOException {
        writer.startCluster(ms);
        wholeClustersEnd = segmentEnd;
        clusterStart = ms;
    }

    private long freeDisk(long bytes) {
        long freed = room.freeDisk(bytes);
        if (freed > 0) {
            diskRoomMade++;
        }
        return freed;
    }
}
