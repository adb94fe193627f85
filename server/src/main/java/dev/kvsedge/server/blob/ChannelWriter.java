package dev.kvsedge.server.blob;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Writes a blob to a file through a 64 KB direct buffer: the ingest path hands over many small pieces (frame
 * headers, a few bytes of EBML), and one system call each would dominate. Every byte goes through the buffer,
 * large pieces included: the JDK would otherwise copy a heap array into a temporary direct buffer of its own
 * before each write, so going through ours costs no extra copy. Optionally feeds a digest with every byte on
 * the way (S3's payload hash, computed while spooling instead of reading the file again). Not thread-safe.
 */
final class ChannelWriter {

    static final int BUFFER_SIZE = 64 * 1024;
    /** Direct buffers are costly to allocate and are freed only by the GC: kept for the next fragments. */
    private static final BlockingQueue<ByteBuffer> POOL = new ArrayBlockingQueue<>(256);

    private final FileChannel channel;
    private final MessageDigest digest;
    private ByteBuffer buffer;
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
        if (buffer == null) {
            buffer = takeBuffer();
        }
        while (length > 0) {
            int n = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
            if (!buffer.hasRemaining()) {
                flush();
            }
        }
    }

    /** Hands what the buffer holds to the file (the OS, not yet the disk). */
    void flush() throws IOException {
        if (buffer == null) {
            return;
        }
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    /** Gives the buffer back to the pool, dropping what it holds: after the last flush, or to discard. */
    void release() {
        if (buffer != null) {
            buffer.clear();
            POOL.offer(buffer);
            buffer = null;
        }
    }

    private static ByteBuffer takeBuffer() {
        ByteBuffer pooled = POOL.poll();
        return pooled != null ? pooled : ByteBuffer.allocateDirect(BUFFER_SIZE);
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
