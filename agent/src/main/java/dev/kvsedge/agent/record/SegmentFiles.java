package dev.kvsedge.agent.record;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How segments are named in their stream's folder, and what a restart does with what a crash left: a segment is
 * {@code START_MS.mkv}, written as {@code START_MS.mkv.part}. A part file is never indexed and is deleted at
 * startup. A complete file that is not indexed (a crash between its rename and its indexing) is read back and
 * indexed, so that crash loses nothing. (Hence the janitor deletes a segment's file before its index row: the
 * other order, interrupted, would bring the segment back as not uploaded.)
 */
public final class SegmentFiles {
    public static final String SUFFIX = ".mkv";
    public static final String PART_SUFFIX = ".part";
    private static final Logger LOG = LoggerFactory.getLogger(SegmentFiles.class);

    private SegmentFiles() {}

    /** A new segment's final name, from its start time; a suffix keeps it distinct if the name is taken. */
    static Path newSegmentFile(Path dir, long startMillis) {
        Path file = dir.resolve(startMillis + SUFFIX);
        for (int n = 1; Files.exists(file) || Files.exists(partOf(file)); n++) {
            file = dir.resolve(startMillis + "-" + n + SUFFIX);
        }
        return file;
    }

    static Path partOf(Path segment) {
        return segment.resolveSibling(segment.getFileName() + PART_SUFFIX);
    }

    /**
     * Deletes every part file in the streams' folders under {@code mediaRoot} (one folder per stream): what crashed
     * recordings left, including those of streams that no longer record. Call it at startup, before any recording
     * starts: it would delete a running recording's part file. Each recording also cleans its own folder when it
     * starts.
     *
     * @return how many it deleted
     */
    public static int deletePartFiles(Path mediaRoot) throws IOException {
        if (!Files.isDirectory(mediaRoot)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(mediaRoot, 2)) {
            int deleted = 0;
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(PART_SUFFIX)).toList()) {
                Files.deleteIfExists(f);
                deleted++;
            }
            return deleted;
        }
    }

    /**
     * Makes a stream's folder consistent with the index before recording into it: creates it, deletes part files,
     * and indexes complete segments that are not indexed (or deletes them if they cannot be read).
     *
     * @return the segments it indexed
     */
    static List<Segment> recover(Path dir, String streamArn, SegmentIndex index) throws IOException {
        Files.createDirectories(dir);
        Set<Path> indexed = new HashSet<>();
        for (Segment s : index.all(streamArn)) {
            indexed.add(s.file().toAbsolutePath().normalize());
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        List<Segment> recovered = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (name.endsWith(PART_SUFFIX)) {
                Files.deleteIfExists(f);
                LOG.debug("Deleted the incomplete segment {}", name);
            } else if (name.endsWith(SUFFIX) && !indexed.contains(f.toAbsolutePath().normalize())) {
                SegmentScan.Times times = SegmentScan.times(f);
                if (times == null) {
                    LOG.warn("Deleting {}: not a readable segment", name);
                    Files.deleteIfExists(f);
                } else {
                    recovered.add(index.add(streamArn, f, times.start(), times.end(), Files.size(f)));
                    LOG.info("Indexed the segment {}, complete but not indexed before the agent stopped", name);
                }
            }
        }
        return recovered;
    }

    /** Makes a rename or a new file in the folder durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
