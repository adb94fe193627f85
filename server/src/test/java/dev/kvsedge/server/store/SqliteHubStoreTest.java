package dev.kvsedge.server.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

class SqliteHubStoreTest extends HubStoreContract {

    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("db" + databases.incrementAndGet() + ".sqlite");
    }
}
