package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.model.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStreamStoreTest extends StreamStoreContract {

    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String newDatabaseUrl() {
        // in a folder that does not exist yet: open creates it
        return "jdbc:sqlite:" + dir.resolve("data" + databases.incrementAndGet()).resolve("kvs-edge.db");
    }

    private String pragma(String name) {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void opensWithDurableSettingsInANewFolder() {
        assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
        assertThat(dir.resolve("data1").resolve("kvs-edge.db")).isRegularFile();
        assertThat(pragma("journal_mode")).isEqualToIgnoringCase("wal");
        assertThat(pragma("synchronous")).isEqualTo("2"); // FULL
        assertThat(pragma("foreign_keys")).isEqualTo("1");
        assertThat(Integer.parseInt(pragma("busy_timeout"))).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void writeTransactionsHoldTheWriteLockFromTheStart() {
        // Another connection cannot write while a transaction that has only read is open.
        db.inTransaction(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM streams")) {
                rs.next();
            }
            try (var other = java.sql.DriverManager.getConnection(url + "?busy_timeout=0");
                    Statement s = other.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("DELETE FROM streams"))
                        .hasMessageContaining("SQLITE_BUSY");
            }
            return null;
        });
    }

    @Test
    void refusesInMemoryAndOtherDatabases() {
        assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:")).isInstanceOf(StartupException.class)
                .hasMessage("--database jdbc:sqlite::memory:: SQLite needs a file path, not an in-memory database");
        assertThatThrownBy(() -> Database.open("jdbc:mysql://localhost/x")).isInstanceOf(StartupException.class)
                .hasMessage(
                        "--database jdbc:mysql://localhost/x: unsupported database: use jdbc:sqlite:PATH or jdbc:postgresql://HOST:PORT/DB");
    }

    @Test
    void reopeningIsFast() throws Exception {
        db.close();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            try (Database again = Database.open(url)) {
                best = Math.min(best, System.nanoTime() - start);
                assertThat(again.schemaVersion()).isPositive();
            }
        }
        System.out.printf("Database.open(sqlite) best of 5: %.1f ms%n", best / 1e6);
        assertThat(Files.exists(Path.of(url.substring("jdbc:sqlite:".length())))).isTrue();
        // generous bound against gross regressions only (the target, warm, is < 150 ms)
        assertThat(best / 1_000_000).isLessThan(1_000);
    }
}
