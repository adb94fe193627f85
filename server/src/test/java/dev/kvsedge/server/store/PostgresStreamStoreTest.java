package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresStreamStoreTest extends StreamStoreContract {

    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected String newDatabaseUrl() throws Exception {
        String name = "kvs_edge_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name); // test-made name, not input
        }
        // user and password in the query, as operators write it
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + name + "?user=postgres&password=secret";
    }

    @Test
    void isPostgresql() {
        assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
    }

    @Test
    void namesCompareByCodePointEvenWhenTheDatabaseCollatesByLanguage() {
        // Production databases often have a language collation (en_US.UTF-8), under which "A" sorts
        // between "a" and "b" and punctuation barely counts; this cluster is C.UTF-8, so switch the
        // columns to ICU's root collation to check that the store does not depend on it.
        boolean icu = db.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_collation WHERE collname = 'und-x-icu'")) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        });
        assumeTrue(icu, "PostgreSQL built without ICU");
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE stream_tags ALTER COLUMN name TYPE TEXT COLLATE \"und-x-icu\"");
                s.execute("ALTER TABLE streams ALTER COLUMN name TYPE TEXT COLLATE \"und-x-icu\"");
                return null;
            }
        });
        List<String> all = List.of("b", "a-1", "C", "a", "a.1", "a_1", "_x", "A", "aXb", "ab");
        for (String name : all) {
            store.create(stream(name));
        }
        List<String> languageOrder = db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM streams ORDER BY name")) {
                List<String> names = new java.util.ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        });
        List<String> codePointOrder = List.of("A", "C", "_x", "a", "a-1", "a.1", "aXb", "a_1", "ab", "b");
        assertThat(languageOrder).isNotEqualTo(codePointOrder); // the collation does differ

        assertThat(names(store.list(SCOPE, null, null, 100))).isEqualTo(codePointOrder);
        assertThat(names(store.list(SCOPE, "a", null, 100))).containsExactly("a", "a-1", "a.1", "aXb", "a_1", "ab");
        assertThat(names(store.list(SCOPE, "A", null, 100))).containsExactly("A");
        assertThat(names(store.list(SCOPE, null, "_x", 3))).containsExactly("a", "a-1", "a.1");
        assertThat(store.find(key("A"))).isPresent();
    }
}
