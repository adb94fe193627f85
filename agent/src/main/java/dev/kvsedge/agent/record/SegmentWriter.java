package dev.kvsedge.agent.record;

import dev.kvsedge.media.mkv.MkvIds;
import dev.kvsedge.media.mkv.MkvWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.LongUnaryOperator;

/**
 * Writes one segment: a Matroska document (EBML header, a Segment of unknown size with Info and Tracks) and then
 * its clusters, straight to {@code NAME.mkv.part}. Each cluster's size is reserved with a fixed-length header and
 * filled in when the next cluster starts, so a cluster is never held in memory. {@link #finish} fsyncs the file,
 * renames it to {@code NAME.mkv} and fsyncs the folder: a segment that has its final name is complete on disk.
 * When the disk fills up, {@link #finishWholeClusters} keeps what is complete: every cluster but the one in progress.
 */
final class SegmentWriter {
    /** Big enough that a second of a 1080p camera takes a few writes, small enough for hundreds of cameras. */
    private static final int BUFFER = 64 << 10;

    private final Path part;
    private final Path done;
    private final FileChannel channel;
    private final ChannelOutput out;
    private final byte[] blockHead = new byte[16];
    private long clusterOffset = -1;
    /** Where the first cluster starts: a cluster in progress there means nothing is complete yet. */
    private long firstCluster = -1;

    private SegmentWriter(Path part, Path done, FileChannel channel, LongUnaryOperator freeDisk) {
        this.part = part;
        this.done = done;
        this.channel = channel;
        this.out = new ChannelOutput(channel, BUFFER, freeDisk);
    }

    /**
     * Creates {@code done + ".part"} and writes the document header.
     *
     * @param freeDisk asked to free at least the given bytes when the disk is full; returns the bytes it freed
     */
    static SegmentWriter create(Path done, byte[] header, LongUnaryOperator freeDisk) throws IOException {
        Path part = SegmentFiles.partOf(done);
        FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        SegmentWriter writer = new SegmentWriter(part, done, channel, freeDisk);
        try {
            writer.out.write(header);
        } catch (IOException | RuntimeException e) {
            writer.abandon();
            throw e;
        }
        return writer;
    }

    /** Ends the current cluster, if any, and starts one at {@code timecode} (TimecodeScale units: ms). */
    void startCluster(long timecode) throws IOException {
        endCluster();
        clusterOffset = out.position();
        if (firstCluster < 0) {
            firstCluster = clusterOffset;
        }
        out.write(MkvWriter.clusterHeader(0));
        out.write(MkvWriter.uint(MkvIds.TIMECODE, timecode));
    }

    /** Appends a SimpleBlock of the video track holding the access unit, {@code relativeTimecode} after the cluster's. */
    void block(int relativeTimecode, boolean keyFrame, AccessUnit unit) throws IOException {
        blockHead(ParameterSets.VIDEO_TRACK, relativeTimecode, keyFrame, unit.avccLength());
        unit.writeAvcc(out);
    }

    /** Appends a SimpleBlock of the audio track holding one AAC frame, {@code relativeTimecode} after the cluster's. */
    void audioBlock(int relativeTimecode, byte[] frame, int length) throws IOException {
        blockHead(ParameterSets.AUDIO_TRACK, relativeTimecode, true, length);
        out.write(frame, 0, length);
    }

    private void blockHead(int track, int relativeTimecode, boolean keyFrame, int frameLength) throws IOException {
        if (clusterOffset < 0) {
            throw new IllegalStateException("a block before the first cluster");
        }
        if (relativeTimecode < Short.MIN_VALUE || relativeTimecode > Short.MAX_VALUE) {
            throw new IllegalArgumentException("relative timecode " + relativeTimecode + " does not fit a SimpleBlock");
        }
        long payload = 4L + frameLength; // track number (1 byte), timecode (2), flags (1), frame
        int n = 0;
        blockHead[n++] = (byte) 0xA3; // SimpleBlock
        int sizeLength = 1;
        while (sizeLength < 8 && payload >= (1L << 7 * sizeLength) - 1) {
            sizeLength++;
        }
        long marked = payload | 1L << 7 * sizeLength;
        for (int i = sizeLength - 1; i >= 0; i--) {
            blockHead[n++] = (byte) (marked >>> 8 * i);
        }
        blockHead[n++] = (byte) (0x80 | track);
        blockHead[n++] = (byte) (relativeTimecode >> 8);
        blockHead[n++] = (byte) relativeTimecode;
        blockHead[n++] = (byte) (keyFrame ? 0x80 : 0);
        out.write(blockHead, 0, n);
    }

    /** Bytes written so far. */
    long size() {
        return out.position();
    }

    /**
     * Completes the segment: the last cluster's size, then fsync, rename from {@code .part}, fsync of the folder.
     * When the disk is full the writer stays open for {@link #finishWholeClusters}; any other failure drops it.
     *
     * @return the segment's size in bytes
     */
    long finish() throws IOException {
        try {
            endCluster();
            out.flush();
            return complete();
        } catch (DiskFullException e) {
            throw e; // the writer stays open: the caller may keep the whole clusters
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /**
     * Completes the segment without the cluster in progress (after the disk filled up while writing it): the file
     * is cut where that cluster starts, which frees its bytes, and the clusters before it are whole already.
     *
     * @return the segment's size in bytes, or -1 when it had no complete cluster (then the part file is deleted)
     */
    long finishWholeClusters() throws IOException {
        if (clusterOffset <= firstCluster) {
            abandon();
            return -1;
        }
        try {
            out.truncate(clusterOffset);
            clusterOffset = -1;
            return complete();
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
    }

    /** fsync, rename from {@code .part}, fsync of the folder. */
    private long complete() throws IOException {
        channel.force(true);
        long size = channel.size();
        channel.close();
        Files.move(part, done, StandardCopyOption.ATOMIC_MOVE);
        SegmentFiles.fsyncDirectory(done.getParent());
        return size;
    }

    /** Drops the segment: closes and deletes the part file. */
    void abandon() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // deleting it is what matters
        }
        try {
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // startup cleanup deletes part files left behind
        }
    }

    Path file() {
        return done;
    }

    private void endCluster() throws IOException {
        if (clusterOffset >= 0) {
            long payload = out.position() - clusterOffset - MkvWriter.CLUSTER_HEADER_LENGTH;
            out.patch(clusterOffset, MkvWriter.clusterHeader(payload));
            clusterOffset = -1;
        }
    }
}
