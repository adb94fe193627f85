package dev.kvsedge.server.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteEdgeConfigStoreTest extends EdgeConfigStoreContract {

    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("kvs-edge-" + databases.incrementAndGet() + ".db");
    }
}
