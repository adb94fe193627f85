package dev.kvsedge.agent.config;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a small state file so that a crash leaves the old content or the new one, never a torn mix: the bytes
 * go to a temporary file that is renamed over the target. {@link #write} also syncs the file and its directory, so
 * that a power cut keeps the new content; {@link #replace} does not, for state written so often that two fsyncs a
 * time would cost more than losing the last writes to a power cut.
 */
public final class AtomicFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private AtomicFiles() {}

    /** @param ownerOnly create the file readable by its owner only (it holds camera URIs, which carry passwords) */
    public static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        writeTempAndRename(target, content, ownerOnly, true);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** As {@link #write} without the syncs: survives the process being killed, not necessarily a power cut. */
    public static void replace(Path target, byte[] content) throws IOException {
        writeTempAndRename(target, content, false, false);
    }

    private static void writeTempAndRename(Path target, byte[] content, boolean ownerOnly, boolean sync)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (ownerOnly && POSIX) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        // A FileOutputStream, not a FileChannel: an interrupt (the agent stopping) closes a channel under the write
        // and the state would be lost just when it matters.
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            out.write(content);
            if (sync) {
                out.getFD().sync();
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Makes a rename durable; some file systems cannot open a directory, and there is nothing more to do then. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the rename itself is atomic either way
        }
    }
}
