package dev.kvsedge.agent.segments;

import dev.kvsedge.migrations.Migration;
import dev.kvsedge.migrations.MigrationFiles;
import dev.kvsedge.migrations.Migrator;
import dev.kvsedge.migrations.SchemaRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The segment index in SQLite, {@code segments.db} in the agent's data dir. All of the agent's segment SQL is here.
 *
 * <p>WAL journal with {@code synchronous=FULL}: a segment the recorder indexed (after fsyncing and renaming its
 * file) survives a power cut, and an upload mark cannot be lost and make a segment upload twice. One connection
 * behind this object's lock: the index sees a few writes per segment (one per camera every several seconds), so a
 * pool would buy nothing, and SQLite allows one writer anyway.
 *
 * <p>File paths under the data dir are stored relative to it, so the data dir can be moved or restored elsewhere.
 * Times are stored as epoch nanoseconds, so Instants come back exactly as given.
 *
 * <p>The schema has versions: the migrations {@code db/agent-migration/V<n>__<what>.sql}, applied and checked (with
 * their checksums, in {@code schema_version}) by the migrator the server uses too, so a schema change reaches hubs in
 * the field as a new migration.
 */
public final class JdbcSegmentIndex implements SegmentIndex {
    public static final String FILE_NAME = "segments.db";

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSegmentIndex.class);
    private static final List<Migration> MIGRATIONS = MigrationFiles.load(JdbcSegmentIndex.class.getClassLoader(),
            "db/agent-migration/");
    private static final String COLUMNS = "id, stream_arn, file, start_nanos, end_nanos, size_bytes, uploaded";

    private final Path dataDir;
    private final Connection connection;

    private JdbcSegmentIndex(Path dataDir, Connection connection) {
        this.dataDir = dataDir;
        this.connection = connection;
    }

    /**
     * Opens (creating if needed) {@code dataDir/segments.db}, its schema brought up to date by the migrations in
     * {@code db/agent-migration/}; an index made before its schema had versions is adopted as version 1.
     *
     * @throws SchemaRefusedException when the index must not be used by this agent: made by a newer one, or its tables
     *     are not those it made (the message names the migration)
     * @throws SegmentIndexException when it cannot be opened or migrated
     */
    public static JdbcSegmentIndex open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.setBusyTimeout(10_000);
            Connection connection = config.createConnection("jdbc:sqlite:" + dir.resolve(FILE_NAME));
            try {
                Migrator.Outcome outcome = new Migrator(MIGRATIONS).adoptingUnversionedAsV1().migrate(connection);
                if (outcome.adopted()) {
                    LOG.info("Adopted the segment index made before its schema had versions as version 1");
                }
                outcome.applied().forEach(m -> LOG.info("Applied segment index migration {}", m.name()));
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new JdbcSegmentIndex(dir, connection);
        } catch (SQLException | java.io.IOException e) {
            throw new SegmentIndexException("cannot open the segment index in " + dir, e);
        }
    }

    @Override
    public synchronized Segment add(String streamArn, Path file, Instant start, Instant end, long sizeBytes) {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("segment ends before it starts: " + start + " > " + end);
        }
        String stored = store(file);
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO segments "
                + "(stream_arn, file, start_nanos, end_nanos, size_bytes) VALUES (?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, streamArn);
            s.setString(2, stored);
            s.setLong(3, nanos(start));
            s.setLong(4, nanos(end));
            s.setLong(5, sizeBytes);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return new Segment(keys.getLong(1), streamArn, resolve(stored), start, end, sizeBytes, false);
            }
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot index segment " + file.getFileName(), e);
        }
    }

    @Override
    public synchronized List<Segment> pending(String streamArn, int limit) {
        return query("SELECT " + COLUMNS + " FROM segments WHERE stream_arn = ? AND uploaded = 0 "
                + "ORDER BY start_nanos, id LIMIT " + Math.max(0, limit), streamArn);
    }

    @Override
    public synchronized Backlog backlog(String streamArn, java.time.Duration mergeGap, int maxSpans) {
        long gap = mergeGap.toNanos();
        java.util.ArrayDeque<long[]> spans = new java.util.ArrayDeque<>();
        long segments = 0;
        long bytes = 0;
        Instant oldest = null;
        try (PreparedStatement s = connection
                .prepareStatement("SELECT start_nanos, end_nanos, size_bytes FROM segments "
                        + "WHERE stream_arn = ? AND uploaded = 0 ORDER BY start_nanos, id")) {
            s.setString(1, streamArn);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    long start = r.getLong(1);
                    long end = r.getLong(2);
                    if (segments++ == 0) {
                        oldest = instant(start);
                    }
                    bytes += r.getLong(3);
                    long[] last = spans.peekLast();
                    if (last != null && start - last[1] <= gap) {
                        last[1] = Math.max(last[1], end);
                    } else {
                        spans.addLast(new long[] {start, end});
                        if (spans.size() > maxSpans) {
                            spans.removeFirst();
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot read the backlog of " + streamArn, e);
        }
        return new Backlog(segments, bytes, oldest, spans.stream()
                .map(span -> new Backlog.Span(instant(span[0]), instant(span[1]))).toList());
    }

    @Override
    public synchronized List<Segment> all(String streamArn) {
        return query("SELECT " + COLUMNS + " FROM segments WHERE stream_arn = ? ORDER BY start_nanos, id", streamArn);
    }

    /** The segment with this id, if indexed. */
    public synchronized Optional<Segment> get(long id) {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM segments WHERE id = ?")) {
            s.setLong(1, id);
            return rows(s).stream().findFirst();
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot read segment " + id, e);
        }
    }

    @Override
    public synchronized long bytes(String streamArn) {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT COALESCE(SUM(size_bytes), 0) FROM segments WHERE stream_arn = ?")) {
            s.setString(1, streamArn);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot sum the segments of a stream", e);
        }
    }

    @Override
    public synchronized void markUploaded(long id) {
        update("UPDATE segments SET uploaded = 1 WHERE id = ?", id);
    }

    @Override
    public synchronized void remove(long id) {
        update("DELETE FROM segments WHERE id = ?", id);
    }

    @Override
    public synchronized List<String> streams() {
        try (PreparedStatement s = connection
                .prepareStatement("SELECT DISTINCT stream_arn FROM segments ORDER BY stream_arn");
                ResultSet r = s.executeQuery()) {
            List<String> streams = new ArrayList<>();
            while (r.next()) {
                streams.add(r.getString(1));
            }
            return streams;
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot list the streams with segments", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot close the segment index", e);
        }
    }

    private void update(String sql, long id) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot update segment " + id, e);
        }
    }

    private List<Segment> query(String sql, String streamArn) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, streamArn);
            return rows(s);
        } catch (SQLException e) {
            throw new SegmentIndexException("cannot list segments", e);
        }
    }

    private List<Segment> rows(PreparedStatement s) throws SQLException {
        List<Segment> segments = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                segments.add(new Segment(r.getLong(1), r.getString(2), resolve(r.getString(3)), instant(r.getLong(4)),
                        instant(r.getLong(5)), r.getLong(6), r.getInt(7) != 0));
            }
        }
        return segments;
    }

    /** A path as stored: relative to the data dir when inside it, else absolute. */
    private String store(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(dataDir) ? dataDir.relativize(absolute).toString() : absolute.toString();
    }

    private Path resolve(String stored) {
        return dataDir.resolve(stored);
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
