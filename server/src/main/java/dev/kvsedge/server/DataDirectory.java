package dev.kvsedge.server;

import dev.kvsedge.model.StartupException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder a server or an agent keeps its data in, made and proved writable before anything else is opened
 * there, so that a folder that cannot work is named with its reason instead of failing deep inside a database
 * driver or a key file.
 */
public final class DataDirectory {
    private DataDirectory() {}

    /**
     * Creates the folder if needed and writes and deletes a file in it.
     *
     * @param setting the option that named it, for the error ({@code --data-dir})
     * @return the folder's absolute path
     * @throws StartupException of kind CONFIGURATION naming the folder and why it cannot be used
     */
    public static Path prepare(Path dir, String setting) {
        Path folder = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, setting, folder.toString(),
                    "cannot be created: " + reason(e), e);
        }
        try {
            Files.delete(Files.createTempFile(folder, ".kvs-edge-write-check", ".tmp"));
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, setting, folder.toString(),
                    "cannot be written: " + reason(e), e);
        }
        return folder;
    }

    /** What the operating system said, without Java's exception names, and where when it is another path. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            for (Path p = Path.of(fs.getFile()).toAbsolutePath(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) {
                    return p + " is a file, not a folder";
                }
            }
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT) + " on " + fs.getFile();
        }
        return String.valueOf(e.getMessage());
    }
}
