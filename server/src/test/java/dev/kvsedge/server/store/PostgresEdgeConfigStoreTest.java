package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresEdgeConfigStoreTest extends EdgeConfigStoreContract {

    @Override
    protected String newDatabaseUrl() throws Exception {
        return EmbeddedPostgresCluster.newDatabaseUrl();
    }

    @Test
    void isPostgresql() {
        assertThat(db.dialect()).isEqualTo(Database.Dialect.POSTGRESQL);
    }

    @Test
    void listByHubOrdersByCodePointEvenWhenTheDatabaseCollatesByLanguage() {
        assumeTrue(queryLong("SELECT COUNT(*) FROM pg_collation WHERE collname = 'und-x-icu'") > 0,
                "PostgreSQL built without ICU");
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(
                        "ALTER TABLE edge_configurations ALTER COLUMN stream_name TYPE TEXT COLLATE \"und-x-icu\"");
            }
        });
        for (String name : List.of("b", "a-1", "C", "a", "a.1", "a_1", "_x", "A", "aXb", "ab")) {
            put(configuration(name, HUB), false);
        }
        List<String> languageOrder = db.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT stream_name FROM edge_configurations ORDER BY stream_name")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            }
        });
        List<String> codePointOrder = List.of("A", "C", "_x", "a", "a-1", "a.1", "aXb", "a_1", "ab", "b");
        assertThat(languageOrder).isNotEqualTo(codePointOrder); // the collation does differ

        assertThat(names(store.listByHub(SCOPE, HUB, null, 100))).isEqualTo(codePointOrder);
        assertThat(names(store.listByHub(SCOPE, HUB, "_x", 3))).containsExactly("a", "a-1", "a.1");
    }
}
