package dev.kvsedge.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What the migrator promises on each database it runs on, with a schema of cameras and clips as it grows. */
abstract class MigratorContract {
    static final List<Migration> ALL = MigrationFiles.load(MigratorContract.class.getClassLoader(),
            "db/test-migration/");

    /** A new connection, in auto-commit mode, to this test's database (empty when the test starts). */
    abstract Connection connect() throws SQLException;

    static List<Migration> upTo(int version) {
        return ALL.subList(0, version);
    }

    Migrator.Outcome migrate(List<Migration> migrations) throws SQLException {
        try (Connection c = connect()) {
            return new Migrator(migrations).migrate(c);
        }
    }

    List<List<String>> query(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    void execute(String... statements) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    List<List<String>> history() throws SQLException {
        return query("SELECT version, name, checksum FROM schema_version ORDER BY version");
    }

    static List<List<String>> historyOf(List<Migration> migrations) {
        return migrations.stream().map(m -> List.of("" + m.version(), m.name(), m.checksum())).toList();
    }

    @Test
    void aNewDatabaseGetsEveryMigrationRecordedWithItsChecksum() throws Exception {
        Migrator.Outcome outcome = migrate(ALL);

        assertThat(outcome.version()).isEqualTo(3);
        assertThat(outcome.applied()).isEqualTo(ALL);
        assertThat(outcome.adopted()).isFalse();
        assertThat(history()).isEqualTo(historyOf(ALL));
        execute("INSERT INTO cameras (id, uri, added) VALUES (1, 'rtsp://cam', 5)",
                "INSERT INTO clips VALUES (1, 100)");
        assertThat(query("SELECT name FROM cameras")).containsExactly(List.of("unnamed"));
    }

    @Test
    void anUpToDateDatabaseIsLeftAsItIs() throws Exception {
        migrate(ALL);
        execute("INSERT INTO cameras (id, uri, added, name) VALUES (1, 'rtsp://cam', 5, 'door')");

        Migrator.Outcome again = migrate(ALL);

        assertThat(again.applied()).isEmpty();
        assertThat(again.version()).isEqualTo(3);
        assertThat(history()).isEqualTo(historyOf(ALL));
        assertThat(query("SELECT id, name FROM cameras")).containsExactly(List.of("1", "door"));
    }

    @Test
    void anOlderDatabaseGetsTheMigrationsItLacksAndKeepsItsRows() throws Exception {
        migrate(upTo(1));
        execute("INSERT INTO cameras (id, uri, added) VALUES (1, 'rtsp://cam', 5)");

        Migrator.Outcome outcome = migrate(ALL);

        assertThat(outcome.applied()).extracting(Migration::name).containsExactly("V2__camera_names", "V3__clips");
        assertThat(history()).isEqualTo(historyOf(ALL));
        assertThat(query("SELECT id, uri, added, name FROM cameras"))
                .containsExactly(List.of("1", "rtsp://cam", "5", "unnamed"));
    }

    /** The history table as the server kept it before checksums, with two migrations applied by that runner. */
    @Test
    void aHistoryFromBeforeChecksumsGetsTheChecksumsOfWhatIsAppliedAndIsCheckedFromThenOn() throws Exception {
        execute("""
                CREATE TABLE IF NOT EXISTS schema_version (
                    version       INTEGER NOT NULL PRIMARY KEY,
                    name          TEXT    NOT NULL,
                    applied_at_ms BIGINT  NOT NULL
                )""");
        for (Migration m : upTo(2)) {
            execute(m.statements().toArray(String[]::new));
            execute("INSERT INTO schema_version (version, name, applied_at_ms) VALUES (" + m.version() + ", '"
                    + m.name()
                    + "', 1700000000000)");
        }
        execute("INSERT INTO cameras (id, uri, added, name) VALUES (7, 'rtsp://kept', 5, 'yard')");

        Migrator.Outcome outcome = migrate(ALL);

        assertThat(outcome.applied()).extracting(Migration::name).containsExactly("V3__clips");
        assertThat(history()).isEqualTo(historyOf(ALL));
        assertThat(query("SELECT applied_at_ms FROM schema_version WHERE version = 1"))
                .containsExactly(List.of("1700000000000"));
        assertThat(query("SELECT id, name FROM cameras")).containsExactly(List.of("7", "yard"));
        List<Migration> edited = new ArrayList<>(ALL);
        edited.set(1, Migration.of(2, "V2__camera_names", "ALTER TABLE cameras ADD COLUMN name TEXT"));
        assertThatThrownBy(() -> migrate(edited)).isInstanceOf(SchemaRefusedException.class)
                .hasMessageContaining("V2__camera_names was edited");
    }

    @Test
    void anAppliedMigrationEditedSinceIsRefusedByName() throws Exception {
        migrate(ALL);
        List<Migration> edited = new ArrayList<>(ALL);
        edited.set(0, Migration.of(1, "V1__cameras", "CREATE TABLE cameras (id INTEGER PRIMARY KEY, uri TEXT);"
                + "CREATE INDEX cameras_by_added ON cameras (added)"));

        assertThatThrownBy(() -> migrate(edited)).isInstanceOf(SchemaRefusedException.class)
                .hasMessage(
                        "migration V1__cameras was edited after this database applied it (its SQL no longer matches the"
                                + " checksum recorded then): an applied migration is never changed; restore it and put the change in"
                                + " a new migration");
        assertThat(history()).isEqualTo(historyOf(ALL));
    }

    @Test
    void aMigrationWhoseCommentsAloneChangedIsStillTheSame() throws Exception {
        migrate(ALL);
        List<Migration> recommented = new ArrayList<>(ALL);
        recommented.set(1, Migration.of(2, "V2__camera_names",
                "-- Cameras get a name people know them by.\nALTER TABLE cameras ADD COLUMN name TEXT NOT NULL DEFAULT 'unnamed';"
                        + " -- before the first one is given\n"));

        assertThat(migrate(recommented).applied()).isEmpty();
    }

    @Test
    void aDatabaseMigratedByNewerCodeIsRefused() throws Exception {
        migrate(ALL);

        assertThatThrownBy(() -> migrate(upTo(2))).isInstanceOf(SchemaRefusedException.class)
                .hasMessage(
                        "the database's schema is at version 3 (V3__clips), newer than this version of kvs-edge knows"
                                + " (up to V2__camera_names): run the kvs-edge release that upgraded it, or a later one");
    }

    @Test
    void anotherMigrationUnderAnAppliedVersionIsRefused() throws Exception {
        migrate(upTo(2));
        List<Migration> other = List.of(ALL.get(0),
                Migration.of(2, "V2__camera_models", "ALTER TABLE cameras ADD COLUMN model TEXT"));

        assertThatThrownBy(() -> migrate(other)).isInstanceOf(SchemaRefusedException.class)
                .hasMessageStartingWith(
                        "the database applied V2__camera_names as version 2, where this version of kvs-edge"
                                + " has V2__camera_models");
    }

    @Test
    void aMigrationThatFailsLeavesNothingOfItselfAndIsTriedAgainNextTime() throws Exception {
        migrate(upTo(1));
        Migration broken = Migration.of(2, "V2__camera_names",
                "CREATE TABLE half (x INTEGER); ALTER TABLE no_such_table ADD COLUMN name TEXT");

        assertThatThrownBy(() -> migrate(List.of(ALL.get(0), broken))).isInstanceOf(SQLException.class);
        assertThat(history()).isEqualTo(historyOf(upTo(1)));

        assertThat(migrate(ALL).applied()).hasSize(2); // half was rolled back with it, or V2 would not matter here
        assertThat(history()).isEqualTo(historyOf(ALL));
        assertThatThrownBy(() -> query("SELECT * FROM half")).isInstanceOf(SQLException.class);
    }

    @Test
    void openersAtOnceApplyEachMigrationExactlyOnce() throws Exception {
        int openers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Migrator.Outcome>> opening = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                opening.add(pool.submit(() -> {
                    start.await();
                    return migrate(ALL);
                }));
            }
            start.countDown();
            List<Migration> appliedByAll = new ArrayList<>();
            for (Future<Migrator.Outcome> f : opening) {
                Migrator.Outcome outcome = f.get(60, TimeUnit.SECONDS);
                assertThat(outcome.version()).isEqualTo(3);
                appliedByAll.addAll(outcome.applied());
            }
            assertThat(appliedByAll).containsExactlyInAnyOrderElementsOf(ALL);
            assertThat(history()).isEqualTo(historyOf(ALL));
        } finally {
            pool.shutdownNow();
        }
    }
}
