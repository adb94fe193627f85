package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.migrations.Migration;
import dev.kvsedge.model.StartupException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's own migrations through the shared migrator: checksums recorded, checked, and added to older histories. */
abstract class DatabaseMigrationsContract extends DatabaseTestSupport {

    private List<String> checksums(Database database) {
        return database.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT checksum FROM schema_version ORDER BY version")) {
                List<String> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(rs.getString(1));
                }
                return all;
            }
        });
    }

    private void execute(String sql) {
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate(sql);
            }
        });
    }

    @Test
    void eachAppliedMigrationIsRecordedWithTheChecksumOfItsSql() {
        assertThat(checksums(db)).isEqualTo(Migrations.load().stream().map(Migration::checksum).toList());
    }

    /** A database as servers before checksums left it: every migration applied, a history without the column. */
    @Test
    void aDatabaseFromBeforeChecksumsKeepsItsRowsAndGetsTheChecksumsOfWhatItApplied() {
        execute("ALTER TABLE schema_version DROP COLUMN checksum");
        new JdbcStreamStore(db).create(StreamStoreContract.full("kept"));
        db.close();

        Database reopened = open(url);

        assertThat(checksums(reopened)).isEqualTo(Migrations.load().stream().map(Migration::checksum).toList());
        assertThat(new JdbcStreamStore(reopened).find(StreamStoreContract.key("kept")))
                .contains(StreamStoreContract.full("kept"));
    }

    @Test
    void aDatabaseWhoseAppliedMigrationWasEditedSinceIsRefusedNamingIt() {
        execute("UPDATE schema_version SET checksum = 'what V2 ran before someone edited it' WHERE version = 2");
        db.close();

        String shown = url.contains("?") ? url.substring(0, url.indexOf('?')) + "?..." : url; // never the password
        assertThatThrownBy(() -> open(url))
                .isInstanceOfSatisfying(StartupException.class,
                        e -> assertThat(e.kind()).isEqualTo(StartupException.Kind.CONFIGURATION))
                .hasMessageStartingWith("--database " + shown + ": ")
                .hasMessageEndingWith(
                        ": migration V2__edge_configurations was edited after this database applied it (its"
                                + " SQL no longer matches the checksum recorded then): an applied migration is never changed;"
                                + " restore it and put the change in a new migration");
    }
}
