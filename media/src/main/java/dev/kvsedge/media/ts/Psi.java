package dev.kvsedge.media.ts;

import java.io.ByteArrayOutputStream;

/** The two program-specific information tables a single-program segment needs: PAT and PMT. */
final class Psi {
    static final int STREAM_TYPE_H264 = 0x1B;
    static final int STREAM_TYPE_AAC_ADTS = 0x0F;

    private Psi() {}

    /** The program association table: program 1 is described by the PMT on {@code pmtPid}. */
    static byte[] pat(int pmtPid) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 1); // transport_stream_id
        body.write(0xC1); // reserved, version 0, current_next_indicator
        body.write(0); // section_number
        body.write(0); // last_section_number
        u16(body, 1); // program_number
        u16(body, 0xE000 | pmtPid);
        return section(0x00, body.toByteArray());
    }

    /**
     * The program map table of program 1: the elementary streams as (stream type, PID) pairs, with the PCR on
     * {@code pcrPid}.
     */
    static byte[] pmt(int pcrPid, int[] streamTypes, int[] pids) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        u16(body, 1); // program_number
        body.write(0xC1);
        body.write(0);
        body.write(0);
        u16(body, 0xE000 | pcrPid);
        u16(body, 0xF000); // program_info_length 0
        for (int i = 0; i < pids.length; i++) {
            body.write(streamTypes[i]);
            u16(body, 0xE000 | pids[i]);
            u16(body, 0xF000); // ES_info_length 0
        }
        return section(0x02, body.toByteArray());
    }

    /** table_id, section_syntax_indicator and section_length, the body, then the CRC over all of it. */
    private static byte[] section(int tableId, byte[] body) {
        int length = body.length + 4;
        byte[] section = new byte[3 + length];
        section[0] = (byte) tableId;
        section[1] = (byte) (0xB0 | (length >>> 8));
        section[2] = (byte) length;
        System.arraycopy(body, 0, section, 3, body.length);
        int crc = Crc32Mpeg2.of(section, 0, 3 + body.length);
        for (int i = 0; i < 4; i++) {
            section[3 + body.length + i] = (byte) (crc >>> (24 - 8 * i));
        }
        return section;
    }

    private static void u16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
