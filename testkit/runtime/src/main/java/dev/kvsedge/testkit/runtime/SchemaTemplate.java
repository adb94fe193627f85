package dev.kvsedge.testkit.runtime;

import dev.kvsedge.server.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An empty SQLite database at the latest schema, migrated once per JVM and copied into each new server's data
 * folder: a server then finds its schema up to date and opens in a few milliseconds, where creating the tables
 * again costs a transaction and its fsyncs per migration, every time.
 */
final class SchemaTemplate {
    static final String FILE_NAME = "kvs-edge.db"; // the server's default database file in its data folder

    private static Path template;

    private SchemaTemplate() {}

    /** Puts an empty database at the latest schema in {@code dataDir} unless it has a database already. */
    static void copyInto(Path dataDir) throws IOException {
        Path target = dataDir.resolve(FILE_NAME);
        if (!Files.exists(target)) {
            Files.createDirectories(dataDir);
            Files.copy(template(), target);
        }
    }

    private static synchronized Path template() throws IOException {
        if (template == null) {
            Path folder = Files.createTempDirectory("kvs-edge-schema");
            folder.toFile().deleteOnExit();
            Path file = folder.resolve(FILE_NAME);
            Database.open("jdbc:sqlite:" + file).close(); // the last connection to close folds the WAL into the file
            file.toFile().deleteOnExit();
            template = file;
        }
        return template;
    }
}
