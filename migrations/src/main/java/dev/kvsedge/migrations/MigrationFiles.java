package dev.kvsedge.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Migrations kept as class path resources: a folder of {@code V<n>__<what>.sql} files and an {@code index.txt} that
 * lists them in order, one file name a line ({@code #} starts a comment line). A class path folder cannot be listed
 * cheaply or portably (jar, jlink image, native image), hence the index.
 */
public final class MigrationFiles {
    public static final String INDEX = "index.txt";
    public static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]*)__([A-Za-z0-9_]+)\\.sql");

    private MigrationFiles() {}

    /**
     * The migrations of {@code folder} (for example {@code db/migration/}), in order.
     *
     * @throws IllegalStateException when the index is missing, names a file badly or out of order, or names a missing
     *     file: a defect of the build, not of the database
     */
    public static List<Migration> load(ClassLoader loader, String folder) {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(loader, prefix + INDEX).lines().toList()) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(fileName);
            if (!m.matches()) {
                throw new IllegalStateException(prefix + INDEX + ": bad migration file name " + fileName);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException(
                        prefix + INDEX + ": " + fileName + " should be version " + (migrations.size() + 1));
            }
            String name = fileName.substring(0, fileName.length() - ".sql".length());
            migrations.add(Migration.of(version, name, read(loader, prefix + fileName)));
        }
        return List.copyOf(migrations);
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
