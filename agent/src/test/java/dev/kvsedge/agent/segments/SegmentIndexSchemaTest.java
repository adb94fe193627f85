package dev.kvsedge.agent.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.migrations.SchemaRefusedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment index's schema versions: a new hub, a hub in the field from before versions, and what is refused. */
class SegmentIndexSchemaTest {
    private static final String A = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/a/1";
    private static final Instant T = Instant.parse("2025-01-02T03:04:05.123456789Z");

    @TempDir
    Path dir;

    private void execute(String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(JdbcSegmentIndex.FILE_NAME));
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.executeUpdate(sql);
            }
        }
    }

    private List<String> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(JdbcSegmentIndex.FILE_NAME));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    /** The index exactly as agents before versions made it (their statements, verbatim), with a hub's rows. */
    private void fieldIndex() throws SQLException {
        execute("CREATE TABLE IF NOT EXISTS segments ("
                + "id INTEGER PRIMARY KEY AUTOINCREMENT, "
                + "stream_arn TEXT NOT NULL, "
                + "file TEXT NOT NULL UNIQUE, "
                + "start_nanos INTEGER NOT NULL, "
                + "end_nanos INTEGER NOT NULL, "
                + "size_bytes INTEGER NOT NULL, "
                + "uploaded INTEGER NOT NULL DEFAULT 0)",
                "CREATE INDEX IF NOT EXISTS segments_by_stream ON segments (stream_arn, start_nanos)");
        long start = T.getEpochSecond() * 1_000_000_000L + T.getNano();
        execute("INSERT INTO segments (stream_arn, file, start_nanos, end_nanos, size_bytes, uploaded) VALUES"
                + " ('" + A + "', 'media/a/1.mkv', " + start + ", " + (start + 4_000_000_000L) + ", 100, 1),"
                + " ('" + A + "', 'media/a/2.mkv', " + (start + 4_000_000_000L) + ", " + (start + 8_000_000_000L)
                + ", 200, 0)");
    }

    @Test
    void aNewIndexIsAtVersionOneWithItsChecksum() throws Exception {
        JdbcSegmentIndex.open(dir).close();

        assertThat(query("SELECT name || ' ' || length(checksum) FROM schema_version"))
                .containsExactly("V1__segments 64");
    }

    @Test
    void anIndexFromBeforeVersionsIsAdoptedWithEverySegmentKept() throws Exception {
        fieldIndex();

        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir)) {
            assertThat(index.all(A)).extracting(Segment::file, Segment::start, Segment::sizeBytes, Segment::uploaded)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(dir.resolve("media/a/1.mkv"), T, 100L, true),
                            org.assertj.core.groups.Tuple.tuple(dir.resolve("media/a/2.mkv"), T.plusSeconds(4), 200L,
                                    false));
            assertThat(index.pending(A, 10)).extracting(Segment::id).containsExactly(2L);
            Segment next = index.add(A, dir.resolve("media/a/3.mkv"), T.plusSeconds(8), T.plusSeconds(12), 300);
            assertThat(next.id()).isEqualTo(3L);
        }
        assertThat(query("SELECT name FROM schema_version")).containsExactly("V1__segments");

        try (JdbcSegmentIndex again = JdbcSegmentIndex.open(dir)) { // and it opens as a versioned index from then on
            assertThat(again.all(A)).hasSize(3);
        }
    }

    @Test
    void anIndexWhoseAppliedMigrationWasEditedIsRefusedNamingIt() throws Exception {
        JdbcSegmentIndex.open(dir).close();
        execute("UPDATE schema_version SET checksum = 'before an edit' WHERE version = 1");

        assertThatThrownBy(() -> JdbcSegmentIndex.open(dir)).isInstanceOf(SchemaRefusedException.class)
                .hasMessageStartingWith("migration V1__segments was edited after this database applied it");
    }

    @Test
    void anIndexFromANewerAgentIsRefused() throws Exception {
        JdbcSegmentIndex.open(dir).close();
        execute("INSERT INTO schema_version (version, name, applied_at_ms, checksum) VALUES (2, 'V2__future', 0, 'x')");

        assertThatThrownBy(() -> JdbcSegmentIndex.open(dir)).isInstanceOf(SchemaRefusedException.class)
                .hasMessage(
                        "the database's schema is at version 2 (V2__future), newer than this version of kvs-edge knows"
                                + " (up to V1__segments): run the kvs-edge release that upgraded it, or a later one");
    }

    @Test
    void anUnversionedFileWithOtherTablesIsRefusedAndLeftAlone() throws Exception {
        execute("CREATE TABLE segments (id INTEGER PRIMARY KEY, file TEXT)");

        assertThatThrownBy(() -> JdbcSegmentIndex.open(dir)).isInstanceOf(SchemaRefusedException.class)
                .hasMessageContaining("not those V1__segments makes (missing segments_by_stream; different segments)");
        assertThat(query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                .containsExactly("segments");
    }

    @Test
    void agentsOpeningAFieldIndexAtOnceAdoptItOnce() throws Exception {
        fieldIndex();
        int openers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<JdbcSegmentIndex>> opening = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                opening.add(pool.submit(() -> {
                    start.await();
                    return JdbcSegmentIndex.open(dir);
                }));
            }
            start.countDown();
            for (Future<JdbcSegmentIndex> f : opening) {
                try (JdbcSegmentIndex index = f.get(60, TimeUnit.SECONDS)) {
                    assertThat(index.all(A)).hasSize(2);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(query("SELECT name FROM schema_version")).containsExactly("V1__segments");
    }
}
