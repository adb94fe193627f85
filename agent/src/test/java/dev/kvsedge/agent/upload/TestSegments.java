package dev.kvsedge.agent.upload;

import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvStreamReader;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Segment files for upload tests: real H.264 in MKV, one cluster per second. */
final class TestSegments {
    private TestSegments() {}

    /** FFmpeg's MKV: cluster timecodes count from zero, as a plain recording's do. */
    static Path relative(Path file, int seconds) {
        return TestVideo.writeMkv(file, new VideoSpec(160, 120, 25, 25, 25 * seconds));
    }

    /** The same media with cluster timecodes made epoch milliseconds from {@code epochMillis}, as the recorder writes them. */
    static Path absolute(Path source, Path file, long epochMillis) throws IOException {
        try (InputStream in = Files.newInputStream(source); OutputStream out = Files.newOutputStream(file)) {
            MkvStreamReader reader = new MkvStreamReader(in);
            List<byte[]> blocks = null;
            long timecode = 0;
            for (MkvEvent e = reader.next(); e != null; e = reader.next()) {
                switch (e) {
                    case MkvEvent.Header h ->
                        out.write(MkvWriter.header(h.timecodeScaleNanos(), h.tracksElement(), "test"));
                    case MkvEvent.ClusterStart s -> {
                        blocks = new ArrayList<>();
                        timecode = s.timecode();
                    }
                    case MkvEvent.Block b -> blocks.add(b.element());
                    case MkvEvent.ClusterOther o -> {
                    }
                    case MkvEvent.ClusterEnd end -> out.write(MkvWriter.cluster(epochMillis + timecode, blocks));
                }
            }
        }
        return file;
    }

    /** The cluster timecodes of a file, in order. */
    static List<Long> timecodes(Path file) throws IOException {
        List<Long> out = new ArrayList<>();
        try (SegmentClusters pieces = new SegmentClusters(file)) {
            for (SegmentClusters.Piece p = pieces.next(); p != null; p = pieces.next()) {
                if (p instanceof SegmentClusters.Cluster c) {
                    out.add(c.timecode());
                }
            }
        }
        return out;
    }
}
