package dev.kvsedge.media.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal EBML walk over a Matroska file, enough to see how clusters are cut: for each Cluster, the track and
 * key frame flag of each block in it. Test-only, independent of the project's Matroska reader.
 */
final class MkvClusters {
    private static final long SEGMENT = 0x18538067L;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long BLOCK_GROUP = 0xA0L;
    private static final long SIMPLE_BLOCK = 0xA3L;

    /** One block: its track number, and its key frame flag (false for a BlockGroup, which has none). */
    record Block(long track, boolean key) {}

    private MkvClusters() {}

    static List<List<Block>> of(byte[] file) {
        List<List<Block>> clusters = new ArrayList<>();
        walk(file, 0, file.length, clusters);
        return clusters;
    }

    private static void walk(byte[] data, int from, int to, List<List<Block>> clusters) {
        int pos = from;
        while (pos < to) {
            long[] id = vint(data, pos, false);
            pos += (int) id[1];
            long[] size = vint(data, pos, true);
            pos += (int) size[1];
            long length = size[0] < 0 ? to - pos : size[0];
            int end = (int) Math.min(to, pos + length);
            if (id[0] == SEGMENT) {
                walk(data, pos, end, clusters);
            } else if (id[0] == CLUSTER) {
                clusters.add(new ArrayList<>());
                walk(data, pos, end, clusters);
            } else if (id[0] == SIMPLE_BLOCK) {
                long[] track = vint(data, pos, true);
                int flags = data[pos + (int) track[1] + 2] & 0xFF;
                clusters.get(clusters.size() - 1).add(new Block(track[0], (flags & 0x80) != 0));
            } else if (id[0] == BLOCK_GROUP) {
                clusters.get(clusters.size() - 1).add(new Block(-1, false));
            }
            pos = end;
        }
    }

    /** An EBML variable-length integer at {@code pos}: {value, length}; value -1 for an unknown size. */
    private static long[] vint(byte[] data, int pos, boolean stripMarker) {
        int first = data[pos] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 23;
        long value = stripMarker ? first & (0xFF >>> length) : first;
        boolean allOnes = value == (0xFF >>> length);
        for (int i = 1; i < length; i++) {
            int b = data[pos + i] & 0xFF;
            allOnes &= b == 0xFF;
            value = (value << 8) | b;
        }
        return new long[] {stripMarker && allOnes ? -1 : value, length};
    }
}
