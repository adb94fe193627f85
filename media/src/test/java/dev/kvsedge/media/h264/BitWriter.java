package dev.kvsedge.media.h264;

import java.io.ByteArrayOutputStream;

/** Writes bit fields and Exp-Golomb codes, to build parameter sets for tests. */
final class BitWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int current;
    private int bits;

    BitWriter bits(int value, int count) {
        for (int i = count - 1; i >= 0; i--) {
            current = (current << 1) | ((value >>> i) & 1);
            if (++bits == 8) {
                out.write(current);
                current = 0;
                bits = 0;
            }
        }
        return this;
    }

    BitWriter ue(int value) {
        int code = value + 1;
        int length = 32 - Integer.numberOfLeadingZeros(code);
        bits(0, length - 1);
        return bits(code, length);
    }

    BitWriter se(int value) {
        return ue(value > 0 ? 2 * value - 1 : -2 * value);
    }

    /** rbsp_trailing_bits, then the bytes with emulation prevention added. */
    byte[] rbsp() {
        bits(1, 1);
        while (bits != 0) {
            bits(0, 1);
        }
        byte[] raw = out.toByteArray();
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        int zeros = 0;
        for (byte b : raw) {
            if (zeros >= 2 && (b & 0xFF) <= 3) {
                escaped.write(3);
                zeros = 0;
            }
            escaped.write(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }
        return escaped.toByteArray();
    }
}
