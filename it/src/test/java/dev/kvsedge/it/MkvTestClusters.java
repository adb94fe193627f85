package dev.kvsedge.it;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The SimpleBlock and BlockGroup elements of every Cluster of a Matroska byte stream (several documents may be
 * concatenated), found by a minimal EBML walk written for the tests, independent of the server's reader. Two
 * streams with equal lists carry the same frames, byte for byte, in the same clusters.
 */
final class MkvTestClusters {
    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long CLUSTER = 0x1F43B675L;

    private MkvTestClusters() {}

    /** One string per cluster: the hex of its block elements, in order. */
    static List<String> payloads(byte[] data) {
        List<String> clusters = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            long[] id = vint(data, pos, false);
            long[] size = vint(data, pos + (int) id[1], true);
            int start = pos + (int) id[1] + (int) size[1];
            if (id[0] == SEGMENT) {
                pos = start; // walk into the segment: its children are at the top level of this loop
                continue;
            }
            int end = size[0] < 0 ? nextTopLevel(data, start) : (int) (start + size[0]);
            if (id[0] == CLUSTER) {
                clusters.add(blocks(data, start, end));
            }
            pos = end;
        }
        return clusters;
    }

    private static String blocks(byte[] data, int from, int to) {
        StringBuilder hex = new StringBuilder();
        int pos = from;
        while (pos < to) {
            long[] id = vint(data, pos, false);
            long[] size = vint(data, pos + (int) id[1], true);
            int end = pos + (int) id[1] + (int) size[1] + (int) size[0];
            if (id[0] == 0xA3 || id[0] == 0xA0) {
                hex.append(java.util.HexFormat.of().formatHex(Arrays.copyOfRange(data, pos, end))).append('|');
            }
            pos = end;
        }
        return hex.toString();
    }

    /** An unknown-size cluster ends where the next cluster, tags element or document starts. */
    private static int nextTopLevel(byte[] data, int from) {
        int pos = from;
        while (pos < data.length) {
            long[] id = vint(data, pos, false);
            if (id[0] == CLUSTER || id[0] == EBML || id[0] == 0x1254C367L || id[0] == 0x1C53BB6BL) {
                return pos;
            }
            long[] size = vint(data, pos + (int) id[1], true);
            pos += (int) id[1] + (int) size[1] + (int) size[0];
        }
        return data.length;
    }

    /** {value, length}; a size of all ones is -1 (unknown). */
    private static long[] vint(byte[] data, int pos, boolean stripMarker) {
        int first = data[pos] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 23;
        long value = stripMarker ? first & (0xFF >> length) : first;
        boolean allOnes = value == (0xFF >> length);
        for (int i = 1; i < length; i++) {
            int b = data[pos + i] & 0xFF;
            allOnes &= b == 0xFF;
            value = (value << 8) | b;
        }
        return new long[] {stripMarker && allOnes ? -1 : value, length};
    }
}
