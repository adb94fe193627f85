package dev.kvsedge.server.store;

class PostgresDatabaseMigrationsTest extends DatabaseMigrationsContract {
    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
    }
}
