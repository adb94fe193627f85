package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresStreamStoreTest extends StreamStoreContract {

    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
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
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name FROM streams ORDER BY name")) {
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
