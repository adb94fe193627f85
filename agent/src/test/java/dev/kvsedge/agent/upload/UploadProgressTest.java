package dev.kvsedge.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.agent.segments.Segment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-segment upload mark: durable, only forward, bound to the segment's file. */
class UploadProgressTest {
    @TempDir
    Path dir;

    private static Segment segment(long id, String file) {
        return new Segment(id, "arn", Path.of("media", file), Instant.EPOCH, Instant.EPOCH.plusSeconds(10), 10, false);
    }

    @Test
    void theMarkSurvivesAReopenOnlyMovesForwardAndIsForgotten() throws Exception {
        UploadProgress progress = UploadProgress.open(dir);
        progress.persisted(segment(7, "a.mkv"), 2000);
        progress.persisted(segment(7, "a.mkv"), 1000);

        UploadProgress reopened = UploadProgress.open(dir);
        assertThat(reopened.persistedUpTo(segment(7, "a.mkv"))).hasValue(2000);
        reopened.forget(7);
        assertThat(UploadProgress.open(dir).persistedUpTo(segment(7, "a.mkv"))).isEmpty();
    }

    @Test
    void aReusedIdWithAnotherFileStartsFromTheBeginning() throws Exception {
        UploadProgress progress = UploadProgress.open(dir);
        progress.persisted(segment(7, "a.mkv"), 2000);

        assertThat(progress.persistedUpTo(segment(7, "b.mkv"))).isEmpty();
    }

    @Test
    void anUnreadableFileIsSetAsideAndTheAgentStarts() throws Exception {
        Files.writeString(dir.resolve(UploadProgress.FILE_NAME), "[1,2");

        assertThat(UploadProgress.open(dir).persistedUpTo(segment(7, "a.mkv"))).isEmpty();
        assertThat(dir.resolve(UploadProgress.FILE_NAME + ".unreadable")).exists();
    }
}
