package dev.kvsedge.server.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseMigrationsTest extends DatabaseMigrationsContract {
    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("data" + databases.incrementAndGet()).resolve("kvs-edge.db");
    }
}
