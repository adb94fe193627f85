package dev.kvsedge.server.store;

class PostgresHubStoreTest extends HubStoreContract {

    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
    }
}
