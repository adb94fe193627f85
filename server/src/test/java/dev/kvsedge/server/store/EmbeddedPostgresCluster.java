package dev.kvsedge.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL cluster for all the store tests of a test JVM, started on first use and
 * stopped by its own shutdown hook when the JVM exits; each test gets a new, empty database in it. Public for the
 * black-box tests, which run servers on PostgreSQL too.
 */
public final class EmbeddedPostgresCluster {

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgresCluster() {}

    /** URL of a new, empty database, with user and password in the query as operators write it. */
    public static String newDatabaseUrl() throws Exception {
        EmbeddedPostgres cluster = cluster();
        String name = "kvs_edge_" + DATABASES.incrementAndGet();
        try (Connection c = cluster.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name); // test-made name, not input
        }
        return "jdbc:postgresql://localhost:" + cluster.getPort() + "/" + name + "?user=postgres&password=secret";
    }

    /** Runs one statement as the superuser on the cluster's maintenance database (to break a test's database). */
    public static void execute(String sql) throws Exception {
        try (Connection c = cluster().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static synchronized EmbeddedPostgres cluster() throws Exception {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder().start(); // registers a shutdown hook that stops it
        }
        return postgres;
    }
}
