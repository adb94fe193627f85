package dev.kvsedge.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.kvsedge.migrations.Migrator;
import dev.kvsedge.migrations.SchemaRefusedException;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.loop.OnEventLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The server's SQL database: a SQLite file (one node) or PostgreSQL (shared by several nodes), behind a
 * HikariCP pool, with its schema brought up to date by {@link #open}.
 *
 * <p>Schema migrations are the ordered files {@code db/migration/V<n>__<what>.sql} listed in
 * {@code db/migration/index.txt}, one set of portable SQL for both databases, applied by the shared
 * {@link Migrator} (the edge agent's segment index uses it too): recorded with their checksums in the table
 * {@code schema_version}, each applied in its own transaction under a lock, so several processes may open
 * the same database at once. A database migrated by a newer server, or one whose applied migration was
 * edited since, is refused at start. The migrator is hand-written on purpose instead of Flyway or
 * Liquibase: it is a few dozen lines, and server start-up must stay well under one second, which leaves
 * no room for a migration framework's class loading and classpath scanning. Opening an up-to-date
 * SQLite database costs a few milliseconds once the JVM has loaded the driver and pool classes.
 *
 * <p>SQLite runs with WAL journal, {@code synchronous=FULL}, foreign keys on, a busy timeout, and write
 * transactions that take the write lock at BEGIN ({@code transaction_mode=IMMEDIATE}), so a
 * read-modify-write never fails upgrading a read lock; in this process writers also queue on a lock
 * rather than polling SQLite's busy handler. On PostgreSQL a read-modify-write locks its rows with
 * {@link Dialect#forUpdate() SELECT ... FOR UPDATE}.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    private static final String SQLITE_PREFIX = "jdbc:sqlite:";
    private static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";
    private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    /** Which SQL database; the few differences of SQL text between the two live here. */
    public enum Dialect {
        SQLITE,
        POSTGRESQL;

        /**
         * Suffix of a SELECT that locks the rows it reads until the transaction ends. Empty on SQLite,
         * whose write transactions already hold the database's write lock from BEGIN.
         */
        String forUpdate() {
            return this == POSTGRESQL ? " FOR UPDATE" : "";
        }

        /**
         * {@code column} compared and ordered by code point (UTF-8 bytes), whatever the database's
         * locale: SQLite's default BINARY collation already does; PostgreSQL needs {@code COLLATE "C"}.
         */
        String binary(String column) {
            return this == POSTGRESQL ? column + " COLLATE \"C\"" : column;
        }
    }

    /** Work on one connection; may throw any unchecked exception to roll back. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Dialect dialect;
    private final HikariDataSource pool;
    /** SQLite allows one writer at a time: in this process writers wait here, in order, not in SQLite. */
    private final ReentrantLock writeLock;
    private volatile int schemaVersion;
    private volatile Timer reads;
    private volatile Timer writes;

    private Database(Dialect dialect, HikariDataSource pool) {
        this.dialect = dialect;
        this.pool = pool;
        this.writeLock = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
        meter(new CompositeMeterRegistry()); // measures nothing until a registry is given
    }

    /**
     * Measures every read and write transaction from here on in {@code registry}: the time a caller waits, the
     * write lock and a pooled connection included.
     */
    public void meter(MeterRegistry registry) {
        reads = timer(registry, "read");
        writes = timer(registry, "write");
    }

    private static Timer timer(MeterRegistry registry, String kind) {
        return Timer.builder("kvs.edge.database.latency").tag("kind", kind)
                .description("Database calls (a read, or a write transaction), and how long each took with its waits.")
                .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
                        Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofSeconds(1))
                .register(registry);
    }

    /**
     * Checks the database answers now (a connection from the pool, validated by its driver): for the health endpoint.
     *
     * @throws StoreException saying why it does not
     */
    public void ping() {
        withConnection(c -> {
            if (!c.isValid(2)) {
                throw new SQLException("the connection did not validate within 2 s");
            }
            return null;
        });
    }

    /**
     * Connects and migrates the schema to the latest version.
     *
     * @param jdbcUrl {@code jdbc:sqlite:PATH} (the parent folder is created) or
     *     {@code jdbc:postgresql://HOST[:PORT]/DB[?user=...&password=...]}
     * @throws StartupException for another or a malformed URL, or a database that cannot be reached or refuses the
     *     connection (naming the host and the reason), or whose schema this server must not touch (migrated by a newer
     *     server, or an applied migration edited since: naming the migration)
     * @throws StoreException when the database cannot be migrated
     */
    public static Database open(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        HikariConfig config = new HikariConfig();
        Dialect dialect;
        String server;
        if (jdbcUrl.startsWith(SQLITE_PREFIX)) {
            dialect = Dialect.SQLITE;
            SQLiteDataSource sqlite = sqlite(jdbcUrl);
            server = sqlite.getUrl().substring(SQLITE_PREFIX.length());
            config.setDataSource(sqlite);
            config.setPoolName("kvs-edge-sqlite");
            // WAL lets readers run beside the one writer; a few connections are plenty.
            config.setMaximumPoolSize(4);
        } else if (jdbcUrl.startsWith(POSTGRESQL_PREFIX)) {
            dialect = Dialect.POSTGRESQL;
            PGSimpleDataSource postgresql = postgresql(jdbcUrl);
            server = ConnectFailures.hostAndPort(postgresql);
            config.setDataSource(postgresql);
            config.setPoolName("kvs-edge-postgresql");
            config.setMaximumPoolSize(10);
        } else {
            throw StartupException.configuration("--database", redact(jdbcUrl),
                    "unsupported database: use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB");
        }
        // Start-up: one connection opened now (it also fails fast when the database is unreachable), the
        // rest on demand; JDBC4 drivers validate with Connection.isValid, no test query.
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setInitializationFailTimeout(1);

        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw ConnectFailures.explain(redact(jdbcUrl), dialect, server, e);
        }
        Database db = new Database(dialect, pool);
        try (Connection c = pool.getConnection()) {
            Migrator.Outcome outcome = new Migrator(Migrations.load()).migrate(c);
            outcome.applied().forEach(m -> LOG.info("Applied database migration {}", m.name()));
            db.schemaVersion = outcome.version();
        } catch (SchemaRefusedException e) {
            pool.close();
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--database", redact(jdbcUrl),
                    e.getMessage(), e);
        } catch (SQLException e) {
            pool.close();
            throw failure("database migration failed", e);
        } catch (RuntimeException | Error e) {
            pool.close();
            throw e;
        }
        LOG.debug("Opened {} database at schema version {}", dialect, db.schemaVersion);
        return db;
    }

    private static SQLiteDataSource sqlite(String jdbcUrl) {
        createParentFolder(jdbcUrl);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(jdbcUrl);
        return dataSource;
    }

    private static void createParentFolder(String jdbcUrl) {
        String path = sqlitePath(jdbcUrl);
        if (path.isEmpty() || path.startsWith(":memory:") || path.startsWith(":resource:")) {
            // Every pooled connection would get its own empty database.
            throw StartupException.configuration("--database", jdbcUrl,
                    "SQLite needs a file path, not an in-memory database");
        }
        try {
            Path parent = Path.of(path).toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (InvalidPathException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--database", jdbcUrl, "not a file path",
                    e);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--database", jdbcUrl,
                    "cannot create the folder of " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file a {@code jdbc:sqlite:} URL names, as written (it may be empty or a special name like :memory:). */
    private static String sqlitePath(String jdbcUrl) {
        String path = jdbcUrl.substring(SQLITE_PREFIX.length());
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
            if (path.startsWith("//")) { // file://[host]/path
                int slash = path.indexOf('/', 2);
                path = slash < 0 ? "" : path.substring(slash);
            }
        }
        return path;
    }

    /**
     * The file a {@code jdbc:sqlite:} URL names, absolute, for the lock that keeps it to one server; empty for another
     * database or a name that is no file ({@link #open} refuses those).
     */
    public static Optional<Path> sqliteFile(String jdbcUrl) {
        if (!jdbcUrl.startsWith(SQLITE_PREFIX)) {
            return Optional.empty();
        }
        String path = sqlitePath(jdbcUrl);
        try {
            return path.isEmpty() || path.startsWith(":")
                    ? Optional.empty()
                    : Optional.of(Path.of(path).toAbsolutePath());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    private static PGSimpleDataSource postgresql(String jdbcUrl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setURL(jdbcUrl); // also takes user, password and other options from the query
        } catch (IllegalArgumentException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--database", redact(jdbcUrl),
                    "not a PostgreSQL URL like jdbc:postgresql://HOST:PORT/DB?user=U&password=P", e);
        }
        if (dataSource.getApplicationName() == null || dataSource.getApplicationName().startsWith("PostgreSQL JDBC")) {
            dataSource.setApplicationName("kvs-edge");
        }
        return dataSource;
    }

    /** The URL without its query, which may hold a password. */
    private static String redact(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * A connection of its own, outside the pool, for work that keeps a connection for a long time (LISTEN, session
     * advisory locks): PostgreSQL only.
     */
    Connection openDedicated() throws SQLException {
        return pool.getDataSource().getConnection();
    }

    /** Latest migration applied, as of {@link #open}. */
    int schemaVersion() {
        return schemaVersion;
    }

    /**
     * Runs {@code work} in one write transaction and commits; on SQLite the transaction holds the
     * database's write lock from its start, on PostgreSQL lock what you read and then write with
     * {@link Dialect#forUpdate()}. When {@code work} throws, rolls back and rethrows the same
     * exception, unless it is an {@link SQLException}, which becomes a {@link StoreException} as do
     * failures of the database itself. Do not nest: {@code work} must use only the connection given.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        OnEventLoop.mayBlock();
        long start = System.nanoTime();
        if (writeLock != null) {
            writeLock.lock();
        }
        try (Connection connection = pool.getConnection()) {
            return transaction(connection, work);
        } catch (SQLException e) {
            throw failure("database transaction failed", e);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
            writes.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Runs {@code work} on a connection in auto-commit mode: for reads that are one statement each,
     * which see one consistent snapshot without holding any lock. {@link SQLException}s become
     * {@link StoreException}s.
     */
    public <T> T withConnection(SqlWork<T> work) {
        Objects.requireNonNull(work, "work");
        OnEventLoop.mayBlock();
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure("database query failed", e);
        } finally {
            reads.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A database failure: a full disk is the caller's to retry later (503, which every SDK retries) and says so, since
     * the server holds a reserve for it that deletes free again; anything else is an internal error.
     */
    private static RuntimeException failure(String what, SQLException e) {
        if (diskFull(e)) {
            LOG.debug("{}: the disk is full: {}", what, e.getMessage());
            return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "kvs-edge cannot write: the disk of its database is"
                    + " full. Retry after space is freed (delete streams or lower their retention).");
        }
        return new StoreException(what + ": " + e.getMessage(), e);
    }

    /** SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100), also as the cause of a pool's failure to connect. */
    private static boolean diskFull(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_FULL
                    || t instanceof SQLException sql && "53100".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private <T> T transaction(Connection connection, SqlWork<T> work) throws SQLException {
        connection.setAutoCommit(false); // SQLite: BEGIN IMMEDIATE, waiting up to the busy timeout
        T result;
        try {
            result = work.run(connection);
        } catch (Throwable failure) {
            rollback(connection, failure);
            throw failure;
        }
        try {
            if (dialect == Dialect.SQLITE) {
                // sqlite-jdbc's commit() would BEGIN IMMEDIATE again at once and hold the write lock
                // until auto-commit is restored; turning auto-commit on only runs COMMIT.
                connection.setAutoCommit(true);
            } else {
                connection.commit();
                connection.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            discard(connection); // its transaction state is unknown
            throw e;
        }
        return result;
    }

    private void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            discard(connection);
        }
    }

    private void discard(Connection connection) {
        try {
            pool.evictConnection(connection);
        } catch (RuntimeException e) {
            LOG.warn("Could not evict a database connection", e);
        }
    }

    /** Closes the pool; on SQLite the last connection to close checkpoints the WAL into the file. */
    @Override
    public void close() {
        pool.close();
    }
}
