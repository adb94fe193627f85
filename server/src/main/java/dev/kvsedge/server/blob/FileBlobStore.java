package dev.kvsedge.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Blobs as files under a root directory, the key being the relative path ({@code a/b} is {@code root/a/b}).
 * An upload writes {@code root/a/b~<random>.part} and its commit renames that onto {@code root/a/b}, so readers
 * see either nothing or the whole blob, and two writers never share a file. The '~' cannot occur in a key,
 * so a part file is never mistaken for a blob, and the ones a crash left behind are deleted at start.
 *
 * <p>One process owns a root: the start-up cleanup would delete another one's uploads in progress. A key
 * cannot be both a blob and a "directory" of others ({@code a} and {@code a/b}), which S3 allows: the
 * second to be written fails with an IOException.
 */
public final class FileBlobStore implements BlobStore {

    static final String PART_SUFFIX = ".part";
    static final char PART_MARK = '~';

    private static final boolean SYNC_DIRECTORIES = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private final Path root;

    /** Directories whose entry in their parent is on disk (see {@link #syncDirectories}). */
    private final java.util.Set<Path> durableDirectories = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Opens (creating it if needed) the store under {@code root} and deletes stale part files. */
    public FileBlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        removeStaleParts();
    }

    @Override
    public void check() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("the media folder " + root + " is not there");
        }
        if (!Files.isWritable(root)) {
            throw new IOException("the media folder " + root + " is not writable");
        }
    }

    @Override
    public BlobUpload create(String key) throws IOException {
        Path target = path(key);
        if (!Files.isDirectory(target.getParent())) {
            Files.createDirectories(target.getParent());
        }
        while (true) {
            Path part = target.resolveSibling(target.getFileName().toString() + PART_MARK
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + PART_SUFFIX);
            try {
                FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                return new FileUpload(this, channel, part, target);
            } catch (FileAlreadyExistsException sameRandomName) {
                // One chance in 2^64 per live upload: draw again.
            }
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        checkRange(offset, length);
        Path file = path(key);
        try {
            // A key that is a "directory" of other blobs is no blob, although the OS would open it.
            if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                throw new BlobNotFoundException(key);
            }
            return new FileRangeInputStream(FileChannel.open(file, StandardOpenOption.READ), offset, length);
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(key);
        }
    }

    /**
     * Deletes the file. Not made durable with a directory sync: a deletion that a crash undoes leaves an
     * unreferenced blob, not a lost one, and retention deletes in bulk.
     */
    @Override
    public void delete(String key) throws IOException {
        Path file = path(key);
        try {
            if (Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException e) {
            // Already gone: deleting is idempotent.
        }
    }

    /** Walks the root: every regular file but part files, with its modification time (a commit's rename keeps it). */
    @Override
    public void forEach(BlobVisitor each) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (isPartFile(file) || !BlobKeys.isValid(key)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(file, BasicFileAttributes.class);
                } catch (NoSuchFileException deletedMeanwhile) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    each.visit(new StoredBlob(key, attributes.lastModifiedTime().toInstant()));
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public String location() {
        return root.toUri().toString();
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }

    Path root() {
        return root;
    }

    /**
     * Makes a commit's rename durable: the file's directory always, and each ancestor whose entry for the
     * directory below it is not known to be durable yet (a directory created for this or a concurrent upload).
     * A directory counts as durable only after its parent was synced, so a concurrent commit never skips a
     * sync it needs; at worst two commits sync the same new directory. Known directories cost no syscall:
     * once a stream's folders exist, a commit pays one directory fsync, not one per level. (The store never
     * removes directories, so a directory known durable stays so.)
     */
    void syncDirectories(Path file) throws IOException {
        if (!SYNC_DIRECTORIES) {
            return; // Windows cannot open a directory; NTFS journals the rename itself.
        }
        force(file.getParent());
        for (Path dir = file.getParent(); !dir.equals(root) && dir.startsWith(root); dir = dir.getParent()) {
            if (durableDirectories.contains(dir)) {
                return;
            }
            force(dir.getParent());
            durableDirectories.add(dir);
        }
    }

    private static void force(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    static void checkRange(long offset, long length) {
        if (offset < 0 || length < -1) {
            throw new IllegalArgumentException("Bad range: offset " + offset + ", length " + length);
        }
    }

    private Path path(String key) {
        return root.resolve(BlobKeys.check(key));
    }

    /** Part files are named {@code <name>~<hex>.part}; a crash before commit leaves them behind. */
    private void removeStaleParts() throws IOException {
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(FileBlobStore::isPartFile).forEach(stale::add);
        }
        for (Path part : stale) {
            Files.deleteIfExists(part);
        }
    }

    static boolean isPartFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(PART_SUFFIX) && name.indexOf(PART_MARK) > 0 && Files.isRegularFile(file);
    }
}
