package dev.kvsedge.server.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An {@link S3BlobStore} upload: spooled to a local file while its SHA-256 is computed, then sent in one
 * PutObject on commit. Spooling gives PutObject the Content-Length it requires and a body it can send again
 * on a retry; the hash lets S3 refuse a body damaged on the way. Not thread-safe.
 */
final class S3Upload implements BlobUpload {

    private final S3BlobStore store;
    private final String key;
    private final Path spool;
    private final FileChannel channel;
    private final MessageDigest sha256;
    private final ChannelWriter writer;
    private String payloadHash;
    private boolean closed;

    S3Upload(S3BlobStore store, String key, Path spool) throws IOException {
        this.store = store;
        this.key = key;
        this.spool = spool;
        this.channel = FileChannel.open(spool, StandardOpenOption.WRITE);
        this.sha256 = newSha256();
        this.writer = new ChannelWriter(channel, sha256);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        checkOpen();
        if (payloadHash != null) {
            throw new IllegalStateException("Upload being committed");
        }
        writer.write(bytes, offset, length);
    }

    @Override
    public long size() {
        return writer.size();
    }

    /**
     * Sends the spool file; S3 has made the object durable when it answers 200. After a failure commit may
     * be called again (the bytes and their hash are kept); writing may not.
     */
    @Override
    public void commit() throws IOException {
        checkOpen();
        if (payloadHash == null) {
            writer.flush();
            writer.release();
            channel.close();
            payloadHash = HexFormat.of().formatHex(sha256.digest());
        }
        store.put(key, spool, payloadHash);
        close();
    }

    /** Deletes the spool file, committed or not; without a commit nothing reached S3. */
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
            Files.deleteIfExists(spool);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("Upload already committed or closed");
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
    }
}
