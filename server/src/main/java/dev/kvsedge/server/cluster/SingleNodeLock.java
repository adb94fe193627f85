package dev.kvsedge.server.cluster;

import dev.kvsedge.model.StartupException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a SQLite database to one server: SQLite is the single-node database, and a second process on the same file
 * would serve with notices, uploads and sweeps it cannot coordinate. The server holds an operating-system lock on a file
 * beside the database ({@code kvs-edge.db.lock}) while it runs; the system releases it when the process ends, even
 * killed, so a restart never finds a stale lock. The file says which process holds it, for the refusal's line.
 */
public final class SingleNodeLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SingleNodeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code databaseFile}, or refuses the start.
     *
     * @param setting the option that chose the database, and its value, for the refusal's line
     * @throws StartupException when another server holds it, or the lock file cannot be made
     */
    public static SingleNodeLock acquire(Path databaseFile, String setting, String value) {
        Path file = databaseFile.resolveSibling(databaseFile.getFileName() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException(StartupException.Kind.CONFIGURATION, setting, value,
                    "cannot make the lock file " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                lock = null;
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new StartupException(StartupException.Kind.UNAVAILABLE, setting, value,
                        "in use by another kvs-edge"
                                + " server" + holder + "; SQLite serves one node: for several nodes use PostgreSQL"
                                + " (--database jdbc:postgresql://HOST:PORT/DB) and a shared media store",
                        null);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            return new SingleNodeLock(channel, lock);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new StartupException(StartupException.Kind.CONFIGURATION, setting, value,
                    "cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** " (process N)" as the lock file names it, or nothing when it cannot be read. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(32);
            channel.read(buffer, 0);
            String pid = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return pid.matches("[0-9]+") ? " (process " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
