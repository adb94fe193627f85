package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSecretStoreTest extends SecretStoreContract {

    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("kvs-edge-" + databases.incrementAndGet() + ".db");
    }

    @Test
    void theSealedValueIsStoredAsABlob() {
        store.create(secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT")), T0);
        assertThat(queryString("SELECT typeof(sealed_value) FROM secret_versions")).isEqualTo("blob");
        assertThat(queryLong("SELECT length(sealed_value) FROM secret_versions")).isEqualTo(256 + "v1".length());
    }
}
