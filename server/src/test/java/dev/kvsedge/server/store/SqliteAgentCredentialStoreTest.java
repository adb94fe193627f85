package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAgentCredentialStoreTest extends AgentCredentialStoreContract {

    @TempDir
    Path dir;
    private final AtomicInteger databases = new AtomicInteger();

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("kvs-edge-" + databases.incrementAndGet() + ".db");
    }

    @Test
    void theSealedSecretIsStoredAsABlob() {
        store.create(credential("KVSEBLOB", ACCOUNT, HUB, 1));
        assertThat(queryString("SELECT typeof(sealed_secret) FROM agent_credentials")).isEqualTo("blob");
        assertThat(queryLong("SELECT length(sealed_secret) FROM agent_credentials"))
                .isEqualTo(256 + "KVSEBLOB".length());
    }
}
