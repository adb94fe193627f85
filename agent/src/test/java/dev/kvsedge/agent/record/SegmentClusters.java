package dev.kvsedge.agent.record;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A segment file read with the project's Matroska reader: its track and, per cluster, its blocks. */
record SegmentClusters(long timecodeScale, List<Track> tracks, List<Cluster> clusters) {

    record Block(int track, long time, boolean key) {}

    record Cluster(long timecode, List<Block> blocks) {
        long lastTime() {
            return blocks.stream().mapToLong(Block::time).max().orElse(timecode);
        }
    }

    static SegmentClusters read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MkvStreamReader reader = new MkvStreamReader(in);
            long scale = 0;
            List<Track> tracks = null;
            List<Cluster> clusters = new ArrayList<>();
            int headers = 0;
            for (MkvEvent e = reader.next(); e != null; e = reader.next()) {
                switch (e) {
                    case MkvEvent.Header h -> {
                        headers++;
                        scale = h.timecodeScaleNanos();
                        tracks = h.tracks();
                    }
                    case MkvEvent.ClusterStart c -> clusters.add(new Cluster(c.timecode(), new ArrayList<>()));
                    case MkvEvent.Block b -> {
                        Cluster c = clusters.get(clusters.size() - 1);
                        c.blocks().add(new Block(b.track(), c.timecode() + b.relativeTimecode(), b.keyFrame()));
                    }
                    default -> {
                    }
                }
            }
            if (headers != 1) {
                throw new AssertionError(file + " has " + headers + " documents");
            }
            return new SegmentClusters(scale, tracks, clusters);
        }
    }

    int blockCount() {
        return clusters.stream().mapToInt(c -> c.blocks().size()).sum();
    }
}
