package dev.kvsedge.media.h264;

/**
 * Reads bits, including Exp-Golomb codes, from a NAL unit's payload after removing emulation prevention bytes
 * (the 03 in 00 00 03), which the bit syntax of parameter sets does not contain.
 */
final class BitReader {
    private final byte[] rbsp;
    private final int bitLength;
    private int bit;

    BitReader(byte[] nal, int from) {
        byte[] out = new byte[nal.length - from];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        this.rbsp = out;
        this.bitLength = n * 8;
    }

    int readBit() {
        if (bit >= bitLength) {
            throw new IllegalArgumentException("H.264 parameter set ends early");
        }
        int value = (rbsp[bit >>> 3] >>> (7 - (bit & 7))) & 1;
        bit++;
        return value;
    }

    int readBits(int count) {
        int value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 1) | readBit();
        }
        return value;
    }

    boolean readFlag() {
        return readBit() == 1;
    }

    /** ue(v): unsigned Exp-Golomb. */
    int readUe() {
        int leadingZeros = 0;
        while (readBit() == 0) {
            if (++leadingZeros > 31) {
                throw new IllegalArgumentException("H.264 Exp-Golomb code too long");
            }
        }
        long value = (1L << leadingZeros) - 1
                + (leadingZeros == 0 ? 0 : Integer.toUnsignedLong(readBits(leadingZeros)));
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("H.264 Exp-Golomb value too large");
        }
        return (int) value;
    }

    /** se(v): signed Exp-Golomb. */
    int readSe() {
        int code = readUe();
        return (code & 1) == 1 ? (code + 1) / 2 : -(code / 2);
    }
}
