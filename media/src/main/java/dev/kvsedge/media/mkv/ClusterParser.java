package dev.kvsedge.media.mkv;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns one stored Cluster element back into its frames, for playback. */
public final class ClusterParser {
    private ClusterParser() {}

    /** A decoded cluster: its Timecode and its frames in stored (decode) order. */
    public record Cluster(long timecode, List<Frame> frames) {}

    /**
     * @param clusterElement exactly one Cluster element (ID, size of either kind, children)
     * @param tracks the tracks of the Segment it came from; a block of another track is an error
     */
    public static Cluster parse(byte[] clusterElement, List<Track> tracks, long timecodeScaleNanos) {
        Map<Integer, Track> byNumber = new HashMap<>();
        tracks.forEach(t -> byNumber.put(t.number(), t));
        try {
            EbmlReader r = new EbmlReader(new ByteArrayInputStream(clusterElement));
            EbmlReader.Element cluster = r.readHeader();
            if (cluster == null || cluster.id() != MkvIds.CLUSTER) {
                throw new MkvFormatException(0, "not a Cluster element");
            }
            long end = cluster.unknownSize() ? clusterElement.length : cluster.end();
            if (end != clusterElement.length) {
                throw new MkvFormatException(0,
                        "Cluster of " + cluster.size() + " bytes stored in " + clusterElement.length);
            }
            long timecode = -1;
            List<Frame> frames = new ArrayList<>();
            while (r.position() < end) {
                EbmlReader.Element e = r.readChild(end);
                switch (e.id()) {
                    case MkvIds.TIMECODE -> timecode = r.readUnsigned(e);
                    case MkvIds.SIMPLE_BLOCK, MkvIds.BLOCK_GROUP -> {
                        if (timecode < 0) {
                            throw new MkvFormatException(e.offset(), "block before the Cluster's Timecode");
                        }
                        byte[] block = r.readElement(e, e.size());
                        Track track = byNumber.get(Blocks.parse(block, e.offset()).track());
                        if (track == null) {
                            throw new MkvFormatException(e.offset(), "block of an undeclared track");
                        }
                        frames.addAll(Blocks.frames(track, block, timecode, timecodeScaleNanos));
                    }
                    default -> r.skip(e.size());
                }
            }
            if (timecode < 0) {
                throw new MkvFormatException(0, "Cluster without a Timecode");
            }
            return new Cluster(timecode, frames);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayInputStream does not fail
        }
    }
}
