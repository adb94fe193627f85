package dev.kvsedge.agent.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every deletion rule at its boundary, with the time given by the test, and the room a stream's recording gets. */
class JanitorTest {
    private static final String STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1700000000000";
    private static final Instant T = Instant.parse("2026-11-26T12:00:00Z");
    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;
    private JdbcSegmentIndex index;
    private final SegmentClaims claims = new SegmentClaims();
    private final AgentMetrics metrics = new AgentMetrics();
    private UploadProgress progress;
    private Janitor janitor;
    private int files;

    @BeforeEach
    void open() throws IOException {
        index = JdbcSegmentIndex.open(dir);
        progress = UploadProgress.open(dir);
        janitor = new Janitor(index, claims, progress, metrics);
    }

    @AfterEach
    void close() {
        index.close();
    }

    /** A segment of {@code bytes} ending at {@code end}. */
    private Segment segment(Instant end, long bytes) throws IOException {
        Path file = Files.createDirectories(dir.resolve("media/cam")).resolve((files++) + ".mkv");
        Files.write(file, new byte[(int) bytes]);
        return index.add(STREAM, file, end.minusSeconds(10), end, bytes);
    }

    private static DeletionRules rules(Integer retentionHours, Integer capMb, String strategy,
            Boolean deleteAfterUpload) {
        return DeletionRules
                .of(new DeletionConfig(retentionHours, capMb == null ? null : new LocalSizeConfig(capMb, strategy),
                        deleteAfterUpload));
    }

    @Test
    void aSegmentGoesOnceItsEndIsMoreThanTheRetentionAgo() throws IOException {
        Segment s = segment(T, 100);
        DeletionRules oneHour = rules(1, null, null, false);

        assertThat(janitor.sweep(STREAM, oneHour, T.plus(Duration.ofHours(1)))).isZero();
        assertThat(s.file()).exists();

        assertThat(janitor.sweep(STREAM, oneHour, T.plus(Duration.ofHours(1)).plusNanos(1))).isEqualTo(1);
        assertThat(s.file()).doesNotExist();
        assertThat(index.all(STREAM)).isEmpty();
        assertThat(metrics.get(AgentMetrics.SEGMENTS_DELETED, Map.of("stream", STREAM, "reason", "retention")))
                .isEqualTo(1);
    }

    @Test
    void theDefaultRetentionIs720Hours() throws IOException {
        segment(T, 100);
        DeletionRules defaults = DeletionRules.of(null);
        assertThat(defaults.retention()).isEqualTo(Duration.ofHours(720));
        assertThat(defaults.deleteAfterUpload()).isTrue();
        assertThat(defaults.capped()).isFalse();

        assertThat(janitor.sweep(STREAM, defaults, T.plus(Duration.ofHours(720)))).isZero();
        assertThat(janitor.sweep(STREAM, defaults, T.plus(Duration.ofHours(720)).plusMillis(1))).isEqualTo(1);
    }

    @Test
    void deleteAfterUploadDeletesAPersistedSegmentAndNothingElse() throws IOException {
        Segment uploaded = segment(T, 100);
        Segment pending = segment(T.plusSeconds(10), 100);
        index.markUploaded(uploaded.id());

        assertThat(janitor.sweep(STREAM, rules(720, null, null, false), T)).isZero();
        assertThat(uploaded.file()).exists();

        assertThat(janitor.sweep(STREAM, rules(720, null, null, true), T)).isEqualTo(1);
        assertThat(uploaded.file()).doesNotExist();
        assertThat(index.all(STREAM)).extracting(Segment::id).containsExactly(pending.id());
    }

    @Test
    void deleteOldestMediaDeletesFromTheOldestUntilTheMediaFitsTheCap() throws IOException {
        Segment oldest = segment(T, 400 * 1024);
        Segment middle = segment(T.plusSeconds(10), 400 * 1024);
        Segment newest = segment(T.plusSeconds(20), 224 * 1024);
        DeletionRules oneMb = rules(720, 1, "DELETE_OLDEST_MEDIA", false);
        assertThat(index.bytes(STREAM)).isEqualTo(MB); // exactly at the cap: it fits

        assertThat(janitor.sweep(STREAM, oneMb, T)).isZero();

        Segment extra = segment(T.plusSeconds(30), 1);
        assertThat(janitor.sweep(STREAM, oneMb, T)).isEqualTo(1);
        assertThat(oldest.file()).doesNotExist();
        assertThat(index.all(STREAM)).extracting(Segment::id).containsExactly(middle.id(), newest.id(), extra.id());
    }

    @Test
    void denyNewMediaDeletesNothingOverTheCap() throws IOException {
        Segment first = segment(T, MB);
        segment(T.plusSeconds(5), 1);

        assertThat(janitor.sweep(STREAM, rules(1, 1, "DENY_NEW_MEDIA", false), T)).isZero();
        assertThat(first.file()).exists();
    }

    @Test
    void aSegmentBeingUploadedIsNeverDeleted() throws IOException {
        Segment busy = segment(T, 100);
        claims.tryClaim(busy.id());

        assertThat(janitor.sweep(STREAM, rules(1, 0, "DELETE_OLDEST_MEDIA", true), T.plus(Duration.ofDays(60))))
                .isZero();
        assertThat(busy.file()).exists();

        claims.release(busy.id());
        assertThat(janitor.sweep(STREAM, rules(1, null, null, true), T.plus(Duration.ofDays(60)))).isEqualTo(1);
    }

    @Test
    void aSegmentBeingWrittenIsNotIndexedAndStaysUntouched() throws IOException {
        Path part = Files.write(Files.createDirectories(dir.resolve("media/cam")).resolve("99.mkv.part"),
                new byte[2048]);

        janitor.sweep(STREAM, rules(1, 0, "DELETE_OLDEST_MEDIA", true), T.plus(Duration.ofDays(60)));

        assertThat(part).exists();
    }

    @Test
    void aFailedDeletionIsCountedAndTriedAgain() throws IOException {
        Segment s = segment(T, 100);
        Files.delete(s.file());
        Files.createDirectories(s.file()); // a directory with a file in it cannot be deleted as a file
        Files.write(s.file().resolve("x"), new byte[1]);

        assertThat(janitor.sweep(STREAM, rules(1, null, null, false), T.plus(Duration.ofDays(1)))).isZero();
        assertThat(metrics.get(AgentMetrics.DELETE_FAILURES, Map.of("stream", STREAM))).isEqualTo(1);
        assertThat(index.all(STREAM)).hasSize(1);

        Files.delete(s.file().resolve("x"));
        assertThat(janitor.sweep(STREAM, rules(1, null, null, false), T.plus(Duration.ofDays(1)))).isEqualTo(1);
    }

    @Test
    void aWipeDeletesEverySegmentAndTheStreamFolderWithItsPartFiles() throws IOException {
        Segment s = segment(T, 100);
        Path folder = s.file().getParent();
        Files.write(folder.resolve("7.mkv.part"), new byte[10]);

        new LocalMediaWipe(index, claims, progress).wipe(STREAM, folder);

        assertThat(folder).doesNotExist();
        assertThat(index.all(STREAM)).isEmpty();
    }

    @Test
    void aWipeRefusesWhileASegmentIsBeingUploaded() throws IOException {
        Segment s = segment(T, 100);
        claims.tryClaim(s.id());

        org.assertj.core.api.Assertions
                .assertThatThrownBy(
                        () -> new LocalMediaWipe(index, claims, progress).wipe(STREAM, s.file().getParent()))
                .isInstanceOf(IOException.class).hasMessageContaining("still being uploaded");
        assertThat(s.file()).exists();
    }

    private StreamRoom room(Integer capMb, String strategy) {
        return new StreamRoom(STREAM, DeletionRules.of(new DeletionConfig(720,
                capMb == null ? null : new LocalSizeConfig(capMb, strategy), false)), index, janitor);
    }

    @Test
    void denyNewMediaGivesWhatIsLeftUnderTheCapAndDeletesNothing() throws IOException {
        Segment old = segment(T, 600 * 1024);
        StreamRoom room = room(1, "DENY_NEW_MEDIA");

        assertThat(room.forNewSegment()).isEqualTo(MB - 600 * 1024);
        assertThat(room.grow(MB)).as("a segment that would pass the cap must end").isEqualTo(MB - 600 * 1024);
        assertThat(room.freeDisk(MB)).as("a full disk frees nothing").isZero();
        assertThat(old.file()).exists();
        assertThat(room.limit()).isEqualTo("MaxLocalMediaSizeInMB 1, StrategyOnFullSize DENY_NEW_MEDIA");
    }

    @Test
    void deleteOldestMediaDeletesTheOldestToMakeRoomAndLetsTheLastSegmentPassTheCapWhenNothingIsLeft()
            throws IOException {
        Segment oldest = segment(T, 400 * 1024);
        Segment newer = segment(T.plusSeconds(10), 400 * 1024);
        StreamRoom room = room(1, "DELETE_OLDEST_MEDIA");

        assertThat(room.grow(200 * 1024)).as("fits already").isEqualTo(MB - 800 * 1024);
        assertThat(room.grow(600 * 1024)).as("the oldest goes").isEqualTo(MB - 400 * 1024);
        assertThat(oldest.file()).doesNotExist();
        assertThat(newer.file()).exists();
        assertThat(metrics.get(AgentMetrics.SEGMENTS_DELETED, Map.of("stream", STREAM, "reason", "size"))).isEqualTo(1);

        claims.tryClaim(newer.id()); // being uploaded: it stays, and the segment being written may pass the cap
        assertThat(room.grow(900 * 1024)).isEqualTo(Long.MAX_VALUE);
        assertThat(newer.file()).exists();
    }

    @Test
    void aFullDiskDeletesTheOldestUnlessTheStrategyDeniesNewMedia() throws IOException {
        Segment oldest = segment(T, 100);
        Segment newer = segment(T.plusSeconds(10), 100);

        assertThat(room(null, null).freeDisk(50)).as("no cap: DELETE_OLDEST_MEDIA, AWS's default").isEqualTo(100);
        assertThat(oldest.file()).doesNotExist();
        assertThat(room(null, null).forNewSegment()).isEqualTo(Long.MAX_VALUE);
        assertThat(room(5, "DENY_NEW_MEDIA").freeDisk(50)).isZero();
        assertThat(newer.file()).exists();
        assertThat(metrics.get(AgentMetrics.SEGMENTS_DELETED, Map.of("stream", STREAM, "reason", "disk full")))
                .isEqualTo(1);
    }
}
