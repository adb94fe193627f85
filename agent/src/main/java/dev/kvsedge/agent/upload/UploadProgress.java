package dev.kvsedge.agent.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.agent.config.AtomicFiles;
import dev.kvsedge.agent.segments.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far each partly uploaded segment got: the last cluster timecode (as written in the segment file) up to which
 * the server acknowledged every cluster PERSISTED. Written after every PERSISTED, so an upload resumed after a
 * crash of the agent, a restart or a lost connection sends only the clusters after it and no fragment is stored
 * twice (a power cut may lose the last marks: then some fragments are sent again). Kept in
 * {@code upload-progress.json} rather than in the segment index, whose contract has no column for it; an entry
 * lives only while its segment is partly uploaded. Entries name the segment's file too, so a segment id the index
 * might reuse can never inherit another segment's progress.
 */
public final class UploadProgress {
    public static final String FILE_NAME = "upload-progress.json";
    private static final Logger LOG = LoggerFactory.getLogger(UploadProgress.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** @param file the segment's file name */
    record Entry(String file, long timecode) {}

    private final Path file;
    private final Map<Long, Entry> entries;

    private UploadProgress(Path file, Map<Long, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    public static UploadProgress open(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Map<Long, Entry> entries = new HashMap<>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new UploadProgress(file, entries); // a first start
        }
        try {
            Map<String, Entry> saved = JSON.readValue(bytes, new TypeReference<Map<String, Entry>>() {});
            saved.forEach((id, entry) -> entries.put(Long.parseLong(id), entry));
        } catch (JsonProcessingException | NumberFormatException e) {
            // Unreadable: partly uploaded segments start over (their first fragments may be stored twice), but the
            // agent starts. The file is kept aside for a look.
            Files.move(file, file.resolveSibling(FILE_NAME + ".unreadable"), StandardCopyOption.REPLACE_EXISTING);
            LOG.error("{} is unreadable ({}); partly uploaded segments start over", file, e.getMessage());
        }
        return new UploadProgress(file, entries);
    }

    /** The last PERSISTED cluster timecode of the segment, if an earlier attempt got that far. */
    public synchronized OptionalLong persistedUpTo(Segment segment) {
        Entry entry = entries.get(segment.id());
        return entry == null || !entry.file().equals(nameOf(segment))
                ? OptionalLong.empty()
                : OptionalLong.of(entry.timecode());
    }

    /** Records that every cluster up to {@code timecode} is done; the mark only moves forward. */
    public synchronized void persisted(Segment segment, long timecode) throws IOException {
        Entry before = entries.get(segment.id());
        if (before != null && before.file().equals(nameOf(segment)) && before.timecode() >= timecode) {
            return;
        }
        entries.put(segment.id(), new Entry(nameOf(segment), timecode));
        save();
    }

    /** Forgets a segment that is wholly uploaded or deleted. */
    public synchronized void forget(long segmentId) throws IOException {
        if (entries.remove(segmentId) != null) {
            save();
        }
    }

    private static String nameOf(Segment segment) {
        return String.valueOf(segment.file().getFileName());
    }

    private void save() throws IOException {
        Map<String, Entry> out = new TreeMap<>();
        entries.forEach((id, entry) -> out.put(Long.toString(id), entry));
        // Not synced: written after every PERSISTED of every stream, so two fsyncs each would slow uploads down several
        // times. A killed agent keeps it (the page cache survives the process); a power cut may lose the last marks,
        // and then the fragments after an older mark are sent again: stored twice, never lost.
        AtomicFiles.replace(file, JSON.writeValueAsBytes(out));
    }
}
