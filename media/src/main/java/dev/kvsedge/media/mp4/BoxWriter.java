package dev.kvsedge.media.mp4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes ISO BMFF boxes into a growing byte array. A box is opened with {@link #start}, filled, and closed with
 * {@link #end}, which writes its size over the placeholder: nesting follows the call structure.
 */
final class BoxWriter {
    private byte[] buf;
    private int size;
    private int[] open = new int[16];
    private int depth;

    BoxWriter() {
        this(1024);
    }

    /** A writer that will not need to grow below {@code capacity} bytes. */
    BoxWriter(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    BoxWriter start(String type) {
        if (depth == open.length) {
            open = Arrays.copyOf(open, depth * 2);
        }
        open[depth++] = size;
        u32(0);
        fourcc(type);
        return this;
    }

    /** A full box: version and 24 bits of flags after the header. */
    BoxWriter start(String type, int version, int flags) {
        start(type);
        u8(version);
        u24(flags);
        return this;
    }

    BoxWriter end() {
        int at = open[--depth];
        patchU32(at, size - at);
        return this;
    }

    BoxWriter u8(int value) {
        ensure(1);
        buf[size++] = (byte) value;
        return this;
    }

    BoxWriter u16(int value) {
        return u8(value >>> 8).u8(value);
    }

    BoxWriter u24(int value) {
        return u8(value >>> 16).u16(value);
    }

    BoxWriter u32(long value) {
        return u16((int) (value >>> 16)).u16((int) value);
    }

    BoxWriter u64(long value) {
        return u32(value >>> 32).u32(value);
    }

    BoxWriter zeros(int count) {
        ensure(count);
        size += count; // the array is zero where nothing was written yet
        return this;
    }

    BoxWriter bytes(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, buf, size, data.length);
        size += data.length;
        return this;
    }

    BoxWriter fourcc(String code) {
        byte[] chars = code.getBytes(StandardCharsets.US_ASCII);
        if (chars.length != 4) {
            throw new IllegalArgumentException("not a four-character code: " + code);
        }
        return bytes(chars);
    }

    /** The unity transformation matrix of mvhd and tkhd. */
    BoxWriter matrix() {
        return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    int position() {
        return size;
    }

    void patchU32(int at, long value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    byte[] toByteArray() {
        if (depth != 0) {
            throw new IllegalStateException(depth + " boxes still open");
        }
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
