package dev.kvsedge.server.store;

import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.streams.CachedStreamStore;
import dev.kvsedge.server.streams.StreamStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream contract through the cache of stream descriptions: reads after writes, deletions, tags and concurrent
 * updates behave as without it. The stores of one test share a notice board, as nodes of one cluster do.
 */
class CachedSqliteStreamStoreTest extends StreamStoreContract {

    @TempDir
    Path dir;
    private final Notices notices = Notices.alone();
    private int databases;

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("data" + ++databases).resolve("kvs-edge.db");
    }

    @Override
    protected StreamStore newStore(Database database) {
        return new CachedStreamStore(new JdbcStreamStore(database), notices, Clock.systemUTC());
    }
}
