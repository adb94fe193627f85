package dev.kvsedge.agent.janitor;

import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Deletes everything a stream has on the device, for the deletion of its edge configuration: every indexed
 * segment, then the stream's media directory with whatever else is in it (a {@code .part} left by a crash).
 * Called once the stream's jobs are stopped; it can be repeated, so a deletion that failed halfway is retried.
 */
public final class LocalMediaWipe {
    private final SegmentIndex index;
    private final SegmentClaims claims;
    private final UploadProgress progress;

    public LocalMediaWipe(SegmentIndex index, SegmentClaims claims, UploadProgress progress) {
        this.index = index;
        this.claims = claims;
        this.progress = progress;
    }

    /** @throws IOException with a reason fit for ConfirmEdgeConfigurationDeletion's FailedStatusDetails */
    public void wipe(String streamArn, Path directory) throws IOException {
        for (Segment segment : index.all(streamArn)) {
            if (!claims.tryClaim(segment.id())) {
                throw new IOException("the segment " + segment.file().getFileName() + " is still being uploaded");
            }
            try {
                Files.deleteIfExists(segment.file());
                index.remove(segment.id());
                progress.forget(segment.id());
            } finally {
                claims.release(segment.id());
            }
        }
        deleteTree(directory);
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (NoSuchFileException e) {
                // raced with the recorder finishing: already gone
            }
        }
    }
}
