package dev.kvsedge.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Up to {@code length} bytes of a file from {@code offset}, read with positional reads so the channel's own
 * position never matters. Ends early at the end of the file. Closing it closes the channel.
 */
final class FileRangeInputStream extends InputStream {

    private final FileChannel channel;
    private long position;
    private long remaining;

    /** @param length the byte count, or -1 for everything up to the end of the file */
    FileRangeInputStream(FileChannel channel, long offset, long length) {
        this.channel = channel;
        this.position = offset;
        this.remaining = length < 0 ? Long.MAX_VALUE : length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (remaining == 0) {
            return -1;
        }
        int wanted = (int) Math.min(length, remaining);
        int read = channel.read(ByteBuffer.wrap(bytes, offset, wanted), position);
        if (read < 0) {
            remaining = 0;
            return -1;
        }
        position += read;
        remaining -= read;
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0) {
            return 0;
        }
        long skipped = Math.max(0, Math.min(Math.min(n, remaining), channel.size() - position));
        position += skipped;
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, Math.min(remaining, channel.size() - position)));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
