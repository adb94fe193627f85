package dev.kvsedge.agent.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Buffered writes to a file channel through one direct buffer of its own. Large frames go through it in pieces:
 * writing a heap array to a channel directly would make the JDK keep a temporary direct buffer as large as the
 * largest frame for each recording thread.
 */
final class ChannelOutput {
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private long flushed;

    ChannelOutput(FileChannel channel, int bufferSize) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
    }

    /** Bytes written so far, buffered ones included: the offset the next byte will have in the file. */
    long position() {
        return flushed + buffer.position();
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int n = Math.min(length, buffer.remaining());
            buffer.put(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    void writeInt(int value) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putInt(value);
    }

    void writeByte(int value) throws IOException {
        if (!buffer.hasRemaining()) {
            flush();
        }
        buffer.put((byte) value);
    }

    /**
     * Overwrites bytes already written at {@code offset} (a size reserved before the content was known). Buffered
     * bytes are flushed first, so the patch is not undone by them.
     */
    void patch(long offset, byte[] bytes) throws IOException {
        flush();
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            channel.write(b, offset + b.position());
        }
    }

    void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer);
        }
        buffer.clear();
    }
}
