package dev.kvsedge.agent.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSegmentIndexTest {
    private static final String A = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/a/1";
    private static final String B = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/b/2";
    private static final Instant T = Instant.parse("2025-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;

    @Test
    void segmentsComeBackOldestFirstPerStreamWithExactTimes() {
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir)) {
            Segment second = index.add(A, dir.resolve("media/a/2.mkv"), T.plusSeconds(10), T.plusSeconds(20), 200);
            Segment first = index.add(A, dir.resolve("media/a/1.mkv"), T, T.plusSeconds(10), 100);
            Segment other = index.add(B, dir.resolve("media/b/1.mkv"), T, T.plusSeconds(5), 50);

            assertThat(first).isEqualTo(
                    new Segment(first.id(), A, dir.resolve("media/a/1.mkv"), T, T.plusSeconds(10), 100, false));
            assertThat(index.all(A)).containsExactly(first, second);
            assertThat(index.pending(A, 10)).containsExactly(first, second);
            assertThat(index.pending(A, 1)).containsExactly(first);
            assertThat(index.all(B)).containsExactly(other);
            assertThat(index.bytes(A)).isEqualTo(300);
            assertThat(index.bytes("arn:none")).isZero();
            assertThat(index.streams()).containsExactly(A, B);
            assertThat(index.get(second.id())).contains(second);
        }
    }

    @Test
    void uploadedSegmentsLeaveThePendingListAndRemovedOnesEverything() {
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir)) {
            Segment s1 = index.add(A, dir.resolve("1.mkv"), T, T.plusSeconds(1), 10);
            Segment s2 = index.add(A, dir.resolve("2.mkv"), T.plusSeconds(1), T.plusSeconds(2), 10);
            index.markUploaded(s1.id());
            assertThat(index.pending(A, 10)).containsExactly(s2);
            assertThat(index.all(A)).extracting(Segment::uploaded).containsExactly(true, false);
            index.remove(s1.id());
            index.remove(s2.id());
            assertThat(index.all(A)).isEmpty();
            assertThat(index.streams()).isEmpty();
            assertThat(index.bytes(A)).isZero();
        }
    }

    @Test
    void theBacklogCountsWhatWaitsAndMergesTouchingSegmentsIntoTheNewestSpans() {
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir)) {
            assertThat(index.backlog(A, java.time.Duration.ofSeconds(2), 2))
                    .isEqualTo(new Backlog(0, 0, null, java.util.List.of()));
            Segment uploaded = index.add(A, dir.resolve("0.mkv"), T.minusSeconds(10), T, 999);
            index.markUploaded(uploaded.id());
            index.add(A, dir.resolve("1.mkv"), T, T.plusSeconds(4), 10);
            index.add(A, dir.resolve("2.mkv"), T.plusSeconds(5), T.plusSeconds(9), 20); // 1 s after: the same span
            index.add(A, dir.resolve("3.mkv"), T.plusSeconds(60), T.plusSeconds(64), 30);
            index.add(A, dir.resolve("4.mkv"), T.plusSeconds(120), T.plusSeconds(124), 40);
            index.add(B, dir.resolve("b.mkv"), T, T.plusSeconds(4), 1000);

            Backlog backlog = index.backlog(A, java.time.Duration.ofSeconds(2), 2);

            assertThat(backlog.segments()).isEqualTo(4);
            assertThat(backlog.bytes()).isEqualTo(100);
            assertThat(backlog.oldestRecording()).isEqualTo(T);
            assertThat(backlog.pending()).containsExactly(new Backlog.Span(T.plusSeconds(60), T.plusSeconds(64)),
                    new Backlog.Span(T.plusSeconds(120), T.plusSeconds(124)));
            assertThat(index.backlog(A, java.time.Duration.ofSeconds(2), 10).pending().getFirst())
                    .isEqualTo(new Backlog.Span(T, T.plusSeconds(9)));
        }
    }

    @Test
    void theIndexSurvivesReopeningAndStoresPathsRelativeToTheDataDir() throws Exception {
        Segment added;
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir.resolve("data"))) {
            added = index.add(A, dir.resolve("data/media/a/1.mkv"), T, T.plusSeconds(1), 10);
            index.add(A, dir.resolve("elsewhere/2.mkv"), T.plusSeconds(1), T.plusSeconds(2), 10);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/segments.db"));
                ResultSet r = c.createStatement().executeQuery("SELECT file FROM segments ORDER BY id")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo(Path.of("media/a/1.mkv").toString());
            r.next();
            assertThat(Path.of(r.getString(1))).isAbsolute();
        }
        // Moved data dir: the relative path follows it.
        Files.move(dir.resolve("data"), dir.resolve("moved"));
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir.resolve("moved"))) {
            assertThat(index.all(A).get(0).file()).isEqualTo(dir.resolve("moved/media/a/1.mkv"));
            assertThat(index.all(A).get(0).id()).isEqualTo(added.id());
        }
    }

    @Test
    void theJournalIsWalWithFullSync() throws Exception {
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir)) {
            index.add(A, dir.resolve("1.mkv"), T, T, 1);
            assertThat(Files.exists(dir.resolve("segments.db-wal"))).isTrue();
        }
    }

    @Test
    void concurrentWritersAndReadersAreSafe() throws Exception {
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir);
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        Segment s = index.add(thread % 2 == 0 ? A : B, dir.resolve(thread + "-" + i + ".mkv"),
                                T.plusSeconds(i), T.plusSeconds(i + 1), 1);
                        index.pending(A, 5);
                        if (i % 2 == 0) {
                            index.markUploaded(s.id());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get();
            }
            assertThat(index.all(A)).hasSize(200);
            assertThat(index.bytes(B)).isEqualTo(200);
            assertThat(index.pending(A, 1000)).hasSize(100);
        }
    }

    @Test
    void aSegmentEndingBeforeItStartsIsRefused() {
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir)) {
            assertThatThrownBy(() -> index.add(A, dir.resolve("x.mkv"), T, T.minusMillis(1), 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
