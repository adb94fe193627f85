package dev.kvsedge.agent.record;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvFormatException;
import dev.kvsedge.media.mkv.MkvStreamReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Reads a segment file's time span back from its clusters (absolute epoch-millisecond timecodes), for a segment
 * that was completed but not indexed. Reads block headers only as the stream reader passes them; constant memory.
 */
final class SegmentScan {
    record Times(Instant start, Instant end) {}

    private SegmentScan() {}

    /** The segment's first cluster time and the end of its last frame, or null when it is unreadable or empty. */
    static Times times(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 << 10)) {
            MkvStreamReader reader = new MkvStreamReader(in);
            long scale = MkvStreamReader.DEFAULT_TIMECODE_SCALE;
            long frameNanos = 0;
            long cluster = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            long lastSeen = Long.MIN_VALUE;
            long gaps = 0;
            long blocks = 0;
            for (MkvEvent e = reader.next(); e != null; e = reader.next()) {
                switch (e) {
                    case MkvEvent.Header h -> {
                        scale = h.timecodeScaleNanos();
                        frameNanos = h.tracks().stream().filter(t -> t.type() == Track.VIDEO).findFirst()
                                .map(Track::defaultDurationNanos).orElse(0L);
                    }
                    case MkvEvent.ClusterStart c -> {
                        cluster = c.timecode();
                        first = Math.min(first, cluster);
                    }
                    case MkvEvent.Block b -> {
                        long t = cluster + b.relativeTimecode();
                        if (lastSeen != Long.MIN_VALUE) {
                            gaps += Math.max(0, t - lastSeen);
                        }
                        lastSeen = t;
                        last = Math.max(last, t);
                        blocks++;
                    }
                    default -> {
                    }
                }
            }
            if (blocks == 0) {
                return null;
            }
            long frameTicks = frameNanos > 0 ? frameNanos / scale : blocks > 1 ? gaps / (blocks - 1) : 0;
            return new Times(instant(first, scale), instant(last + frameTicks, scale));
        } catch (MkvFormatException e) {
            return null;
        }
    }

    private static Instant instant(long ticks, long scale) {
        long nanos = Math.multiplyExact(ticks, scale);
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
