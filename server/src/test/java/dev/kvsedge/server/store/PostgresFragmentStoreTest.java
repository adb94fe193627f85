package dev.kvsedge.server.store;

class PostgresFragmentStoreTest extends FragmentStoreContract {

    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
    }
}
