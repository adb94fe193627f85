package dev.kvsedge.agent.upload;

import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvStreamReader;
import dev.kvsedge.media.mkv.MkvWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment file as the pieces PutMedia takes: a stream header for each MKV document, then its clusters one by
 * one, each re-wrapped whole with its bytes unchanged. Whatever else the file holds (SeekHead, Cues, Tags) is left
 * out. Holds one cluster (one GOP) in memory at a time.
 */
final class SegmentClusters implements AutoCloseable {
    private static final String MUXING_APP = "kvs-edge-agent";

    sealed interface Piece {}

    /** The EBML header, a Segment of unknown size, Info and Tracks. */
    record Header(long timecodeScaleNanos, byte[] bytes) implements Piece {}

    /** A whole cluster; {@code timecode} in TimecodeScale units, as written in the file. */
    record Cluster(long timecode, byte[] bytes) implements Piece {}

    private final InputStream in;
    private final MkvStreamReader reader;

    SegmentClusters(Path file) throws IOException {
        this.in = new BufferedInputStream(Files.newInputStream(file), 256 * 1024);
        this.reader = new MkvStreamReader(in);
    }

    /**
     * The next piece, or null at the end of the file.
     *
     * @throws dev.kvsedge.media.mkv.MkvFormatException where the file is not valid Matroska
     */
    Piece next() throws IOException {
        List<byte[]> cluster = null;
        long timecode = 0;
        for (MkvEvent event = reader.next(); event != null; event = reader.next()) {
            switch (event) {
                case MkvEvent.Header h -> {
                    return new Header(h.timecodeScaleNanos(),
                            MkvWriter.header(h.timecodeScaleNanos(), h.tracksElement(), MUXING_APP));
                }
                case MkvEvent.ClusterStart start -> {
                    cluster = new ArrayList<>();
                    cluster.add(start.elements());
                    timecode = start.timecode();
                }
                case MkvEvent.Block block -> add(cluster, block.element());
                case MkvEvent.ClusterOther other -> add(cluster, other.element());
                case MkvEvent.ClusterEnd end -> {
                    if (cluster != null) {
                        return new Cluster(timecode, MkvWriter.cluster(cluster.toArray(byte[][]::new)));
                    }
                }
            }
        }
        return cluster == null ? null : new Cluster(timecode, MkvWriter.cluster(cluster.toArray(byte[][]::new)));
    }

    private static void add(List<byte[]> cluster, byte[] element) {
        if (cluster != null) {
            cluster.add(element);
        }
    }

    /** Byte offset reached in the file, for error messages. */
    long position() {
        return reader.position();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
