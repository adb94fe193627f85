package dev.kvsedge.media.ts;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Cuts PSI sections and PES packets into 188-byte transport packets, keeping a continuity counter per PID and
 * filling the last packet of each PES with adaptation-field stuffing (a PES must end where its packet ends).
 */
final class TsPackets {
    static final int PACKET_SIZE = 188;
    private static final int PAYLOAD_SIZE = PACKET_SIZE - 4;
    private static final long PCR_WRAP = 1L << 33;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Integer, Integer> continuity = new HashMap<>();

    /** One section in one packet: pointer_field 0, the section, 0xFF to the end. */
    void writeSection(int pid, byte[] section) {
        if (section.length + 1 > PAYLOAD_SIZE) {
            throw new IllegalStateException("PSI section too long for one packet");
        }
        header(pid, true, false);
        out.write(0); // pointer_field
        out.writeBytes(section);
        for (int i = section.length + 1; i < PAYLOAD_SIZE; i++) {
            out.write(0xFF);
        }
    }

    /**
     * One PES packet.
     *
     * @param pcr the 90 kHz PCR base for the first packet's adaptation field, or -1 for none
     * @param randomAccess whether to set random_access_indicator on the first packet (a key frame starts here)
     */
    void writePes(int pid, byte[] pes, long pcr, boolean randomAccess) {
        int pos = 0;
        boolean first = true;
        while (pos < pes.length) {
            byte[] fields = first ? adaptationFields(pcr, randomAccess) : new byte[0];
            // adaptation field = its length byte + flags and fields; absent when there is nothing to put in it
            int adaptation = fields.length == 0 ? 0 : 1 + fields.length;
            int chunk = Math.min(pes.length - pos, PAYLOAD_SIZE - adaptation);
            int stuffing = PAYLOAD_SIZE - adaptation - chunk;
            header(pid, first, adaptation + stuffing > 0);
            writeAdaptationField(fields, adaptation + stuffing);
            out.write(pes, pos, chunk);
            pos += chunk;
            first = false;
        }
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void header(int pid, boolean payloadStart, boolean hasAdaptationField) {
        int counter = continuity.getOrDefault(pid, 0);
        continuity.put(pid, (counter + 1) & 0x0F);
        out.write(0x47);
        out.write((payloadStart ? 0x40 : 0) | (pid >>> 8));
        out.write(pid & 0xFF);
        out.write((hasAdaptationField ? 0x30 : 0x10) | counter);
    }

    /** The flags byte and the PCR, without the length byte; empty when neither is needed. */
    private static byte[] adaptationFields(long pcr, boolean randomAccess) {
        if (pcr < 0 && !randomAccess) {
            return new byte[0];
        }
        int flags = (randomAccess ? 0x40 : 0) | (pcr >= 0 ? 0x10 : 0);
        if (pcr < 0) {
            return new byte[] {(byte) flags};
        }
        long base = Math.floorMod(pcr, PCR_WRAP);
        // program_clock_reference_base (33 bits), 6 reserved bits, extension (9 bits, 27 MHz remainder) = 0
        return new byte[] {(byte) flags, (byte) (base >>> 25), (byte) (base >>> 17), (byte) (base >>> 9),
                (byte) (base >>> 1), (byte) (((base & 1) << 7) | 0x7E), 0};
    }

    /** An adaptation field of {@code total} bytes (length byte included) holding {@code fields}, then 0xFF stuffing. */
    private void writeAdaptationField(byte[] fields, int total) {
        if (total == 0) {
            return;
        }
        out.write(total - 1); // adaptation_field_length
        if (total == 1) {
            return; // a length of 0 is one byte of stuffing
        }
        if (fields.length == 0) {
            out.write(0); // no flags
            for (int i = 2; i < total; i++) {
                out.write(0xFF);
            }
            return;
        }
        out.writeBytes(fields);
        for (int i = 1 + fields.length; i < total; i++) {
            out.write(0xFF);
        }
    }
}
