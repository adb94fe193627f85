package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresAgentCredentialStoreTest extends AgentCredentialStoreContract {

    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
    }

    @Test
    void theSealedSecretIsStoredAsBytea() {
        store.create(credential("KVSEBYTEA", ACCOUNT, HUB, 1));
        assertThat(queryString("SELECT pg_typeof(sealed_secret)::text FROM agent_credentials")).isEqualTo("bytea");
        assertThat(queryLong("SELECT octet_length(sealed_secret) FROM agent_credentials"))
                .isEqualTo(256 + "KVSEBYTEA".length());
    }
}
