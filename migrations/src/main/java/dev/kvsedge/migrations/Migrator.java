package dev.kvsedge.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings a SQLite or PostgreSQL database's schema up to date with its migrations, and refuses one it must not touch.
 *
 * <p>Each applied migration is a row of {@code schema_version}: version, name, when, and its {@link Migration#checksum()
 * checksum}. Every open compares those rows with the code's migrations and refuses, with a {@link
 * SchemaRefusedException} naming the migration, a database that applied a version the code does not have (newer code
 * migrated it), a different migration under a version, or a migration whose SQL changed since it was applied. Rows
 * written before checksums were kept get the code's checksum on the first open.
 *
 * <p>Each migration runs in its own transaction under a lock (SQLite: the write lock taken by {@code BEGIN IMMEDIATE};
 * PostgreSQL: a transaction-scoped advisory lock), which then checks again that no other process applied it first, so
 * several processes may open the same database at once and each migration runs exactly once.
 *
 * <p>It is hand-written rather than Flyway or Liquibase: it is a few dozen lines, and start-up must stay well under
 * one second, which leaves no room for a framework's class loading and class path scanning.
 */
public final class Migrator {
    private static final String HISTORY = "schema_version";
    /** Key of the PostgreSQL advisory lock that serializes migrations across processes ("kvsedge" + 1). */
    private static final long PG_LOCK_KEY = 0x6b76_7365_6467_6501L;
    private static final String CREATE_HISTORY = """
            CREATE TABLE schema_version (
                version       INTEGER NOT NULL PRIMARY KEY,
                name          TEXT    NOT NULL,
                applied_at_ms BIGINT  NOT NULL,
                checksum      TEXT
            )""";

    /** What {@link #migrate} did. */
    public record Outcome(int version, List<Migration> applied, boolean adopted) {
        public Outcome {
            applied = List.copyOf(applied);
        }
    }

    private enum Dialect {
        SQLITE,
        POSTGRESQL
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    private final List<Migration> migrations;
    private final boolean adoptUnversioned;

    /** @param migrations versions 1, 2, 3... in order */
    public Migrator(List<Migration> migrations) {
        this(migrations, false);
    }

    private Migrator(List<Migration> migrations, boolean adoptUnversioned) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException(migrations.get(i).name() + " should be version " + (i + 1));
            }
        }
        if (migrations.isEmpty()) {
            throw new IllegalArgumentException("no migrations");
        }
        this.migrations = List.copyOf(migrations);
        this.adoptUnversioned = adoptUnversioned;
    }

    /**
     * This migrator, and one that adopts a SQLite database made before its schema had versions (tables, no
     * {@code schema_version}) as one at version 1, rows and all, when its tables and indexes are exactly those V1 makes
     * (SQLite keeps each one's CREATE statement); other tables are refused.
     */
    public Migrator adoptingUnversionedAsV1() {
        return new Migrator(migrations, true);
    }

    /**
     * Applies the migrations the database lacks.
     *
     * @param c a connection in auto-commit mode, left in auto-commit mode
     * @throws SchemaRefusedException when this database must not be used by this code (the message says why)
     * @throws SQLException when the database fails or a migration's SQL does
     */
    public Outcome migrate(Connection c) throws SQLException {
        Dialect dialect = dialect(c);
        boolean[] adopted = {false};
        Map<Integer, String> applied = inTransaction(c, dialect, () -> {
            if (!historyExists(c, dialect)) {
                execute(c, CREATE_HISTORY);
                adopted[0] = adoptUnversioned && dialect == Dialect.SQLITE && adopt(c);
            } else if (!hasChecksums(c, dialect)) {
                execute(c, "ALTER TABLE schema_version ADD COLUMN checksum TEXT"); // history from before checksums
            }
            return check(c);
        });
        List<Migration> ran = new ArrayList<>();
        for (Migration migration : migrations) {
            if (applied.containsKey(migration.version())) {
                continue;
            }
            boolean ranHere = inTransaction(c, dialect, () -> {
                if (check(c).containsKey(migration.version())) {
                    return false; // another process got here first
                }
                for (String statement : migration.statements()) {
                    execute(c, statement);
                }
                record(c, migration);
                return true;
            });
            if (ranHere) {
                ran.add(migration);
            }
        }
        return new Outcome(migrations.size(), ran, adopted[0]);
    }

    private static Dialect dialect(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        return switch (product) {
            case "SQLite" -> Dialect.SQLITE;
            case "PostgreSQL" -> Dialect.POSTGRESQL;
            default -> throw new IllegalArgumentException("migrations run on SQLite or PostgreSQL, not " + product);
        };
    }

    /** Runs {@code work} in one transaction that holds the migration lock from its start. */
    private static <T> T inTransaction(Connection c, Dialect dialect, Work<T> work) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            // The write lock at BEGIN, waiting up to the busy timeout: a read lock upgraded later could fail at once.
            execute(c, "BEGIN IMMEDIATE");
        } else {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, PG_LOCK_KEY);
                lock.executeQuery().close();
            } catch (SQLException | RuntimeException e) {
                rollback(c, dialect, e);
                throw e;
            }
        }
        T result;
        try {
            result = work.run();
        } catch (SQLException | RuntimeException e) {
            rollback(c, dialect, e);
            throw e;
        }
        if (dialect == Dialect.SQLITE) {
            execute(c, "COMMIT");
        } else {
            c.commit();
            c.setAutoCommit(true);
        }
        return result;
    }

    private static void rollback(Connection c, Dialect dialect, Exception failure) {
        try {
            if (dialect == Dialect.SQLITE) {
                execute(c, "ROLLBACK");
            } else {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean historyExists(Connection c, Dialect dialect) throws SQLException {
        return exists(c, dialect == Dialect.SQLITE
                ? "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
                : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema()"
                        + " AND table_name = 'schema_version'");
    }

    private static boolean hasChecksums(Connection c, Dialect dialect) throws SQLException {
        return exists(c, dialect == Dialect.SQLITE
                ? "SELECT 1 FROM pragma_table_info('schema_version') WHERE name = 'checksum'"
                : "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
                        + " AND table_name = 'schema_version' AND column_name = 'checksum'");
    }

    private static boolean exists(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next();
        }
    }

    /**
     * Adopts an unversioned database whose tables are V1's as version 1; false when it has no tables (a new one).
     *
     * @throws SchemaRefusedException when it has tables V1 does not make in that form
     */
    private boolean adopt(Connection c) throws SQLException {
        Map<String, String> found = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, sql FROM sqlite_master"
                        + " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '" + HISTORY
                        + "'")) {
            while (rs.next()) {
                found.put(rs.getString(1), SqliteSchema.normalize(rs.getString(2)));
            }
        }
        if (found.isEmpty()) {
            return false;
        }
        Migration first = migrations.get(0);
        Map<String, String> expected = SqliteSchema.objects(first.statements());
        if (!found.equals(expected)) {
            throw new SchemaRefusedException("the database has tables but no " + HISTORY + ", and they are not those "
                    + first.name() + " makes (" + SqliteSchema.difference(expected, found)
                    + "): it was not made by kvs-edge,"
                    + " or was changed by hand");
        }
        record(c, first);
        return true;
    }

    /**
     * The applied migrations (version to name), checked against the code's; rows without a checksum get the code's.
     *
     * @throws SchemaRefusedException when they do not match
     */
    private Map<Integer, String> check(Connection c) throws SQLException {
        TreeMap<Integer, String> applied = new TreeMap<>();
        Map<Integer, String> checksums = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, name, checksum FROM " + HISTORY + " ORDER BY version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
                checksums.put(rs.getInt(1), rs.getString(3));
            }
        }
        int newest = applied.isEmpty() ? 0 : applied.lastKey();
        if (newest > migrations.size()) {
            throw new SchemaRefusedException(
                    "the database's schema is at version " + newest + " (" + applied.get(newest)
                            + "), newer than this version of kvs-edge knows (up to "
                            + migrations.get(migrations.size() - 1).name()
                            + "): run the kvs-edge release that upgraded it, or a later one");
        }
        for (Map.Entry<Integer, String> row : applied.entrySet()) {
            Migration migration = migrations.get(row.getKey() - 1);
            if (!migration.name().equals(row.getValue())) {
                throw new SchemaRefusedException(
                        "the database applied " + row.getValue() + " as version " + row.getKey()
                                + ", where this version of kvs-edge has " + migration.name()
                                + ": it was migrated by another build of kvs-edge");
            }
            String checksum = checksums.get(row.getKey());
            if (checksum == null) {
                try (PreparedStatement s = c
                        .prepareStatement("UPDATE " + HISTORY + " SET checksum = ? WHERE version = ?")) {
                    s.setString(1, migration.checksum());
                    s.setInt(2, migration.version());
                    s.executeUpdate();
                }
            } else if (!checksum.equals(migration.checksum())) {
                throw new SchemaRefusedException("migration " + migration.name() + " was edited after this database"
                        + " applied it (its SQL no longer matches the checksum recorded then): an applied migration is"
                        + " never changed; restore it and put the change in a new migration");
            }
        }
        return applied;
    }

    private static void record(Connection c, Migration migration) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + HISTORY
                + " (version, name, applied_at_ms, checksum) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.name());
            insert.setLong(3, System.currentTimeMillis()); // a record for people, never compared
            insert.setString(4, migration.checksum());
            insert.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
