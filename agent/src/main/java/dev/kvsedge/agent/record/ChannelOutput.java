package dev.kvsedge.agent.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.LongUnaryOperator;

/**
 * Buffered writes to a file channel through one direct buffer of its own. Large frames go through it in pieces:
 * writing a heap array to a channel directly would make the JDK keep a temporary direct buffer as large as the
 * largest frame for each recording thread.
 *
 * <p>A write the disk has no room for asks {@code freeDisk} to make room and goes on where it stopped (a channel
 * write that fails has written nothing, one cut short has moved the buffer by what it wrote), so the file stays
 * whole; when no room can be made it throws {@link DiskFullException} and drops what was buffered.
 */
final class ChannelOutput {
    /** Tries to make room per write, after which the disk counts as full. */
    private static final int ROOM_ATTEMPTS = 8;

    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final LongUnaryOperator freeDisk;
    private long flushed;

    /** @param freeDisk frees at least the given bytes if it can; returns the bytes freed */
    ChannelOutput(FileChannel channel, int bufferSize, LongUnaryOperator freeDisk) {
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
        this.freeDisk = freeDisk;
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
        writeFully(b, offset);
    }

    void flush() throws IOException {
        buffer.flip();
        try {
            flushed += writeFully(buffer, -1);
        } catch (IOException e) {
            buffer.clear();
            throw e;
        }
        buffer.clear();
    }

    /** Drops everything after {@code offset}, buffered or written: the file ends there. */
    void truncate(long offset) throws IOException {
        buffer.clear();
        channel.truncate(offset);
        channel.position(offset);
        flushed = offset;
    }

    /** Writes all of {@code b}, at {@code at} or (when negative) at the channel's position; returns the bytes written. */
    private long writeFully(ByteBuffer b, long at) throws IOException {
        long written = 0;
        int attempts = 0;
        while (b.hasRemaining()) {
            try {
                written += at < 0 ? channel.write(b) : channel.write(b, at + written);
            } catch (IOException e) {
                if (!DiskFullException.isDiskFull(e)) {
                    throw e;
                }
                if (++attempts > ROOM_ATTEMPTS || freeDisk.applyAsLong(b.remaining()) <= 0) {
                    throw new DiskFullException(e.getMessage(), e);
                }
            }
        }
        return written;
    }
}
