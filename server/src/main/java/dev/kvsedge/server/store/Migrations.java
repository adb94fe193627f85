package dev.kvsedge.server.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date; see {@link Database} for why it is hand-written. Migration files
 * hold portable SQL statements separated by {@code ;}, with {@code --} comments; no {@code ;} or
 * {@code --} may appear inside a literal.
 */
final class Migrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String FOLDER = "db/migration/";
    static final String INDEX = FOLDER + "index.txt";
    static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");
    /** Key of the PostgreSQL advisory lock that serializes migrations across processes ("kvsedge" + 1). */
    private static final long PG_LOCK_KEY = 0x6b76_7365_6467_6501L;

    private static final String CREATE_SCHEMA_VERSION = """
            CREATE TABLE IF NOT EXISTS schema_version (
                version       INTEGER NOT NULL PRIMARY KEY,
                name          TEXT    NOT NULL,
                applied_at_ms BIGINT  NOT NULL
            )""";

    record Migration(int version, String name, List<String> statements) {}

    private Migrations() {}

    /** The migrations on the classpath, in order; versions are 1, 2, 3... */
    static List<Migration> load() {
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(INDEX).lines().toList()) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalStateException(INDEX + ": bad migration file name " + fileName);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException(
                        INDEX + ": " + fileName + " should be version " + (migrations.size() + 1));
            }
            String name = fileName.substring(0, fileName.length() - ".sql".length());
            migrations.add(new Migration(version, name, statements(read(FOLDER + fileName))));
        }
        return List.copyOf(migrations);
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static List<String> statements(String script) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.lines().toList()) {
            int comment = line.indexOf("--");
            sql.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : sql.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return List.copyOf(statements);
    }

    /**
     * Applies the migrations the database lacks, each in its own transaction; returns the schema version.
     *
     * @throws StoreException when the database was migrated by a newer server, or a migration fails
     */
    static int migrate(Database db, List<Migration> migrations) {
        // Fast path, also the only transaction when the schema is current.
        Map<Integer, String> applied = db.inTransaction(c -> {
            lock(db, c);
            try (Statement s = c.createStatement()) {
                s.execute(CREATE_SCHEMA_VERSION);
            }
            return applied(c);
        });
        for (Map.Entry<Integer, String> entry : applied.entrySet()) {
            int version = entry.getKey();
            if (version > migrations.size()) {
                throw new StoreException("the database's schema (version " + version + ", " + entry.getValue()
                        + ") is newer than this server's (version " + migrations.size() + ")");
            }
            String expected = migrations.get(version - 1).name();
            if (!expected.equals(entry.getValue())) {
                throw new StoreException("the database applied migration " + entry.getValue()
                        + " where this server has " + expected);
            }
        }
        for (Migration migration : migrations) {
            if (applied.containsKey(migration.version())) {
                continue;
            }
            boolean ran = db.inTransaction(c -> {
                lock(db, c);
                if (applied(c).containsKey(migration.version())) {
                    return false; // another process got here first
                }
                try (Statement s = c.createStatement()) {
                    for (String statement : migration.statements()) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO schema_version (version, name, applied_at_ms) VALUES (?, ?, ?)")) {
                    insert.setInt(1, migration.version());
                    insert.setString(2, migration.name());
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
                return true;
            });
            if (ran) {
                LOG.info("Applied database migration {}", migration.name());
            }
        }
        return migrations.size();
    }

    /** Serializes migrating processes; on SQLite the transaction already holds the write lock. */
    private static void lock(Database db, Connection c) throws SQLException {
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                s.setLong(1, PG_LOCK_KEY);
                s.executeQuery().close();
            }
        }
    }

    private static Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, name FROM schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }
}
