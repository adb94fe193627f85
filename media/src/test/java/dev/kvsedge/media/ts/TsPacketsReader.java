package dev.kvsedge.media.ts;

import java.util.ArrayList;
import java.util.List;

/** Test-side transport packet parsing: headers, adaptation fields, and PES reassembly per PID. */
final class TsPacketsReader {
    record Packet(int index, int pid, boolean payloadStart, int continuity, boolean randomAccess, long pcr,
            byte[] payload) {}

    private TsPacketsReader() {}

    static List<Packet> read(byte[] ts) {
        if (ts.length % 188 != 0) {
            throw new AssertionError("length " + ts.length + " is not a multiple of 188");
        }
        List<Packet> packets = new ArrayList<>();
        for (int at = 0; at < ts.length; at += 188) {
            if (ts[at] != 0x47) {
                throw new AssertionError("no sync byte at " + at);
            }
            int pid = ((ts[at + 1] & 0x1F) << 8) | (ts[at + 2] & 0xFF);
            boolean start = (ts[at + 1] & 0x40) != 0;
            int control = (ts[at + 3] >>> 4) & 3;
            int continuity = ts[at + 3] & 0x0F;
            int pos = at + 4;
            boolean randomAccess = false;
            long pcr = -1;
            if ((control & 2) != 0) {
                int length = ts[pos] & 0xFF;
                if (length > 0) {
                    int flags = ts[pos + 1] & 0xFF;
                    randomAccess = (flags & 0x40) != 0;
                    if ((flags & 0x10) != 0) {
                        pcr = ((ts[pos + 2] & 0xFFL) << 25) | ((ts[pos + 3] & 0xFFL) << 17)
                                | ((ts[pos + 4] & 0xFFL) << 9)
                                | ((ts[pos + 5] & 0xFFL) << 1) | ((ts[pos + 6] & 0x80L) >>> 7);
                    }
                }
                pos += 1 + length;
            }
            byte[] payload = new byte[(control & 1) != 0 ? at + 188 - pos : 0];
            System.arraycopy(ts, pos, payload, 0, payload.length);
            packets.add(new Packet(at / 188, pid, start, continuity, randomAccess, pcr, payload));
        }
        return packets;
    }

    /** The PES packets on one PID, each reassembled from its transport packets. */
    static List<byte[]> pes(List<Packet> packets, int pid) {
        List<byte[]> result = new ArrayList<>();
        java.io.ByteArrayOutputStream current = null;
        for (Packet p : packets) {
            if (p.pid() != pid) {
                continue;
            }
            if (p.payloadStart()) {
                if (current != null) {
                    result.add(current.toByteArray());
                }
                current = new java.io.ByteArrayOutputStream();
            }
            if (current != null) {
                current.writeBytes(p.payload());
            }
        }
        if (current != null) {
            result.add(current.toByteArray());
        }
        return result;
    }

    /** A 33-bit PTS or DTS from the five bytes at {@code at}. */
    static long timestamp(byte[] b, int at) {
        return ((b[at] & 0x0EL) << 29) | ((b[at + 1] & 0xFFL) << 22) | ((b[at + 2] & 0xFEL) << 14)
                | ((b[at + 3] & 0xFFL) << 7) | ((b[at + 4] & 0xFEL) >>> 1);
    }
}
