package dev.kvsedge.server.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Writes a blob to a file through a 64 KB buffer: the ingest path hands over many small pieces (frame headers,
 * a few bytes of EBML), and one system call each would dominate. A piece at least as large as the buffer goes
 * straight to the file once the buffer is emptied. Optionally feeds a digest with every byte on the way
 * (S3's payload hash, computed while spooling instead of reading the file again). Not thread-safe.
 */
final class ChannelWriter {

    static final int BUFFER_SIZE = 64 * 1024;

    private final FileChannel channel;
    private final MessageDigest digest;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
    private long size;

    /** @param digest fed with every byte written, or null */
    ChannelWriter(FileChannel channel, MessageDigest digest) {
        this.channel = channel;
        this.digest = digest;
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (digest != null) {
            digest.update(bytes, offset, length);
        }
        size += length;
        if (length <= buffer.remaining()) {
            buffer.put(bytes, offset, length);
            if (!buffer.hasRemaining()) {
                flush();
            }
            return;
        }
        flush();
        if (length < BUFFER_SIZE) {
            buffer.put(bytes, offset, length);
        } else {
            writeFully(ByteBuffer.wrap(bytes, offset, length));
        }
    }

    /** Hands what the buffer holds to the file (the OS, not yet the disk). */
    void flush() throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    long size() {
        return size;
    }

    private void writeFully(ByteBuffer source) throws IOException {
        while (source.hasRemaining()) {
            channel.write(source);
        }
    }
}
