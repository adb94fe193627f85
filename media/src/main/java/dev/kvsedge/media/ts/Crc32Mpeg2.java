package dev.kvsedge.media.ts;

/**
 * CRC-32/MPEG-2, the checksum closing every PSI section (ISO/IEC 13818-1 Annex A): polynomial 0x04C11DB7,
 * initial value 0xFFFFFFFF, bits not reflected, no final XOR. java.util.zip.CRC32 is the reflected variant.
 */
final class Crc32Mpeg2 {
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
            TABLE[i] = crc;
        }
    }

    private Crc32Mpeg2() {}

    static int of(byte[] data, int from, int to) {
        int crc = 0xFFFFFFFF;
        for (int i = from; i < to; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xFF];
        }
        return crc;
    }
}
