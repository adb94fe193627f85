package dev.kvsedge.server.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A {@link FileBlobStore} upload: a part file that commit syncs and renames onto the key. Not thread-safe. */
final class FileUpload implements BlobUpload {

    private final FileBlobStore store;
    private final FileChannel channel;
    private final ChannelWriter writer;
    private final Path part;
    private final Path target;
    private boolean committed;
    private boolean closed;

    FileUpload(FileBlobStore store, FileChannel channel, Path part, Path target) {
        this.store = store;
        this.channel = channel;
        this.writer = new ChannelWriter(channel, null);
        this.part = part;
        this.target = target;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        checkOpen();
        writer.write(bytes, offset, length);
    }

    @Override
    public long size() {
        return writer.size();
    }

    /**
     * Data to disk, then the atomic rename (which replaces an older blob under the key), then the directory
     * entries to disk: without the last step a crash could bring back the old name, or none.
     */
    @Override
    public void commit() throws IOException {
        checkOpen();
        writer.flush();
        writer.release();
        channel.force(true);
        channel.close();
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
        closed = true;
        store.syncDirectories(target);
    }

    /** Without a commit, discards the part file; after one, does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        writer.release();
        try {
            channel.close();
        } finally {
            if (!committed) {
                Files.deleteIfExists(part);
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(committed ? "Upload already committed" : "Upload closed");
        }
    }
}
