package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSecretStoreTest extends SecretStoreContract {

    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
    }

    @Test
    void theSealedValueIsStoredAsBytea() {
        store.create(secret(SCOPE, "cam", Map.of(), version("v1", 1, "AWSCURRENT")), T0);
        assertThat(queryString("SELECT pg_typeof(sealed_value)::text FROM secret_versions")).isEqualTo("bytea");
        assertThat(queryLong("SELECT octet_length(sealed_value) FROM secret_versions")).isEqualTo(256 + "v1".length());
    }
}
