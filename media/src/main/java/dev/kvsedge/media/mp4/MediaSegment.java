package dev.kvsedge.media.mp4;

import java.util.ArrayList;
import java.util.List;

/** Lays out moof + mdat for a set of sample runs: the runs' data follow each other in mdat, video first. */
final class MediaSegment {
    private static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
    private static final int TRUN_DATA_OFFSET = 0x000001;
    private static final int TRUN_DURATION = 0x000100;
    private static final int TRUN_SIZE = 0x000200;
    private static final int TRUN_FLAGS = 0x000400;
    private static final int TRUN_COMPOSITION_OFFSET = 0x000800;

    private MediaSegment() {}

    static byte[] write(int sequenceNumber, List<SampleRun> runs) {
        long dataSize = 0;
        for (SampleRun run : runs) {
            dataSize += run.dataSize();
        }
        // One segment is one byte array, so its mdat always fits a 32-bit box size.
        int mdatHeader = 8;
        if (dataSize > Integer.MAX_VALUE - (1 << 24)) {
            throw new IllegalArgumentException("a media segment of " + dataSize + " bytes is too large");
        }

        int samples = 0;
        for (SampleRun run : runs) {
            samples += run.sampleCount();
        }
        // moof: about 100 bytes of boxes per track and at most 16 per sample; sized once, the data is copied once
        BoxWriter w = new BoxWriter((int) dataSize + mdatHeader + 64 + 128 * runs.size() + 16 * samples);
        w.start("moof");
        w.start("mfhd", 0, 0).u32(Integer.toUnsignedLong(sequenceNumber)).end();
        List<Integer> dataOffsetPositions = new ArrayList<>();
        for (SampleRun run : runs) {
            w.start("traf");
            // Offsets in trun count from the start of moof, so a segment can be moved or served alone.
            w.start("tfhd", 0, TFHD_DEFAULT_BASE_IS_MOOF).u32(run.trackId()).end();
            w.start("tfdt", 1, 0).u64(run.baseDecodeTime()).end();
            int flags = TRUN_DATA_OFFSET | TRUN_DURATION | TRUN_SIZE;
            if (run.flags() != null) {
                flags |= TRUN_FLAGS;
            }
            if (run.compositionOffsets() != null) {
                flags |= TRUN_COMPOSITION_OFFSET;
            }
            // Version 1: composition offsets are signed (CMAF uses them to keep tfdt at the first decode time).
            w.start("trun", 1, flags).u32(run.sampleCount());
            dataOffsetPositions.add(w.position());
            w.u32(0);
            for (int i = 0; i < run.sampleCount(); i++) {
                w.u32(run.durations()[i]).u32(run.sizes()[i]);
                if (run.flags() != null) {
                    w.u32(Integer.toUnsignedLong(run.flags()[i]));
                }
                if (run.compositionOffsets() != null) {
                    w.u32(Integer.toUnsignedLong(run.compositionOffsets()[i]));
                }
            }
            w.end().end();
        }
        w.end();

        long offset = (long) w.position() + mdatHeader;
        for (int i = 0; i < runs.size(); i++) {
            w.patchU32(dataOffsetPositions.get(i), offset);
            offset += runs.get(i).dataSize();
        }
        w.u32(dataSize + mdatHeader).fourcc("mdat");
        for (SampleRun run : runs) {
            for (byte[] sample : run.samples()) {
                w.bytes(sample);
            }
        }
        return w.toByteArray();
    }
}
