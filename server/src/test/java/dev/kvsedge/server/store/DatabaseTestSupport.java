package dev.kvsedge.server.store;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A new, migrated database for each test, and every database the test opened closed after it. */
abstract class DatabaseTestSupport {

    /** URL of a new, empty database. */
    protected abstract String newDatabaseUrl() throws Exception;

    protected String url;
    protected Database db;
    private final List<Database> opened = new ArrayList<>();

    @BeforeEach
    void openDatabase() throws Exception {
        url = newDatabaseUrl();
        db = open(url);
    }

    @AfterEach
    void closeDatabases() {
        Collections.reverse(opened);
        opened.forEach(Database::close);
    }

    /** Opens a database that is closed after the test. */
    protected Database open(String jdbcUrl) {
        Database database = Database.open(jdbcUrl);
        opened.add(database);
        return database;
    }

    /** The one number {@code sql} selects. */
    protected long queryLong(String sql) {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The one string {@code sql} selects. */
    protected String queryString(String sql) {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }
}
