package dev.kvsedge.server.store;

import dev.kvsedge.migrations.Migration;
import dev.kvsedge.migrations.MigrationFiles;
import java.util.List;

/**
 * The server's schema migrations: the files {@code db/migration/V<n>__<what>.sql} listed in
 * {@code db/migration/index.txt}, portable SQL for SQLite and PostgreSQL, applied by {@link dev.kvsedge.migrations.Migrator}.
 */
final class Migrations {
    static final String FOLDER = "db/migration/";

    private Migrations() {}

    /** The migrations on the class path, in order; versions are 1, 2, 3... */
    static List<Migration> load() {
        return MigrationFiles.load(Migrations.class.getClassLoader(), FOLDER);
    }
}
