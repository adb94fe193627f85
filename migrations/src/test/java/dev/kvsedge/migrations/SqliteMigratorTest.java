package dev.kvsedge.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/** The migrator on SQLite files, and its adoption of a database made before versions. */
class SqliteMigratorTest extends MigratorContract {
    @TempDir
    Path dir;

    @Override
    Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        return config.createConnection("jdbc:sqlite:" + dir.resolve("test.db"));
    }

    /** V1's tables as code before versions made them: IF NOT EXISTS, written on one line each. */
    private void unversioned() throws SQLException {
        execute("CREATE TABLE IF NOT EXISTS cameras (id INTEGER PRIMARY KEY, uri TEXT NOT NULL UNIQUE, added BIGINT NOT NULL)",
                "CREATE INDEX IF NOT EXISTS cameras_by_added ON cameras (added)",
                "INSERT INTO cameras (id, uri, added) VALUES (1, 'rtsp://one', 10), (2, 'rtsp://two', 20)");
    }

    @Test
    void anUnversionedDatabaseWithV1sTablesIsAdoptedAndUpgradedWithItsRows() throws Exception {
        unversioned();

        Migrator.Outcome outcome;
        try (Connection c = connect()) {
            outcome = new Migrator(ALL).adoptingUnversionedAsV1().migrate(c);
        }

        assertThat(outcome.adopted()).isTrue();
        assertThat(outcome.applied()).extracting(Migration::name).containsExactly("V2__camera_names", "V3__clips");
        assertThat(history()).isEqualTo(historyOf(ALL));
        assertThat(query("SELECT id, uri, added, name FROM cameras ORDER BY id"))
                .containsExactly(List.of("1", "rtsp://one", "10", "unnamed"),
                        List.of("2", "rtsp://two", "20", "unnamed"));
    }

    @Test
    void anUnversionedDatabaseWithOtherTablesIsRefusedAndLeftAsItWas() throws Exception {
        execute("CREATE TABLE cameras (id INTEGER PRIMARY KEY, uri TEXT, added BIGINT NOT NULL)",
                "CREATE TABLE notes (text TEXT)");

        assertThatThrownBy(() -> {
            try (Connection c = connect()) {
                new Migrator(ALL).adoptingUnversionedAsV1().migrate(c);
            }
        }).isInstanceOf(SchemaRefusedException.class)
                .hasMessage("the database has tables but no schema_version, and they"
                        + " are not those V1__cameras makes (missing cameras_by_added; different cameras; unexpected notes): it was"
                        + " not made by kvs-edge, or was changed by hand");
        assertThat(query("SELECT name FROM sqlite_master WHERE name = 'schema_version'")).isEmpty();
    }

    @Test
    void aNewDatabaseIsNotAdoptedButMigrated() throws Exception {
        try (Connection c = connect()) {
            Migrator.Outcome outcome = new Migrator(ALL).adoptingUnversionedAsV1().migrate(c);
            assertThat(outcome.adopted()).isFalse();
            assertThat(outcome.applied()).isEqualTo(ALL);
        }
    }
}
