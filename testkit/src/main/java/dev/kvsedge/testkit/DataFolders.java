package dev.kvsedge.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the temporary data folders the testkit made. */
final class DataFolders {
    private DataFolders() {}

    /** Deletes {@code folder} and all in it; a failure is added to {@code failure} when there is one, else ignored. */
    static void deleteQuietly(Path folder, Throwable failure) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }
}
