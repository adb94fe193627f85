package dev.kvsedge.agent.record;

import dev.kvsedge.media.h264.NalUnits;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;

/**
 * One H.264 access unit (a frame) taken out of a demuxer packet and split into its NAL units, whatever the
 * source's framing: Annex B (start codes, as the RTSP demuxer gives it) or length-prefixed (as MKV and MP4 store
 * it). Written out as Matroska wants it, with four-byte lengths. The buffers are reused from frame to frame: a
 * camera's recording allocates nothing per frame once they have grown to its largest frame.
 */
final class AccessUnit {
    private byte[] data = new byte[64 << 10];
    private int length;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;

    /**
     * Copies the packet and finds its NAL units.
     *
     * @param lengthSize the NAL length size for length-prefixed data, or 0 for Annex B
     * @return false when length-prefixed data is malformed (a length runs past the end)
     */
    boolean load(BytePointer packetData, int size, int lengthSize) {
        if (data.length < size) {
            data = new byte[Math.max(size, data.length * 2)];
        }
        packetData.position(0).get(data, 0, size);
        length = size;
        count = 0;
        if (lengthSize == 0) {
            splitAnnexB();
            return true;
        }
        return splitLengthPrefixed(lengthSize);
    }

    /**
     * Finds start codes (00 00 01, also the 00 00 00 01 form). The scan looks at every third byte first: a byte
     * above 1 rules out a start code ending at it or at the next two bytes, so most of a slice is skipped three
     * bytes at a time. Zeros just before a start code belong to it, not to the unit before.
     */
    private void splitAnnexB() {
        byte[] b = data;
        int unitStart = -1;
        int i = 2;
        while (i < length) {
            int v = b[i] & 0xFF;
            if (v > 1) {
                i += 3;
            } else if (v == 1 && b[i - 1] == 0 && b[i - 2] == 0) {
                if (unitStart >= 0) {
                    add(unitStart, trimZeros(unitStart, i - 2));
                }
                unitStart = i + 1;
                i += 3;
            } else {
                i++;
            }
        }
        if (unitStart >= 0 && unitStart < length) {
            add(unitStart, trimZeros(unitStart, length));
        }
    }

    private boolean splitLengthPrefixed(int lengthSize) {
        int pos = 0;
        while (pos < length) {
            if (pos + lengthSize > length) {
                return false;
            }
            long n = 0;
            for (int k = 0; k < lengthSize; k++) {
                n = (n << 8) | (data[pos + k] & 0xFF);
            }
            pos += lengthSize;
            if (n > length - pos) {
                return false;
            }
            if (n > 0) {
                add(pos, pos + (int) n);
            }
            pos += (int) n;
        }
        return true;
    }

    /** Length-prefixed units are kept whole; in Annex B, zeros before a start code are not the unit's. */
    private int trimZeros(int start, int end) {
        while (end > start && data[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private void add(int start, int end) {
        if (end == start) {
            return;
        }
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
    }

    int nalCount() {
        return count;
    }

    int nalType(int i) {
        return data[starts[i]] & 0x1F;
    }

    /** A copy of unit i (parameter sets are copied out; slices are only written). */
    byte[] nal(int i) {
        return Arrays.copyOfRange(data, starts[i], ends[i]);
    }

    /** Whether a unit equals the given bytes, without copying it. */
    boolean nalEquals(int i, byte[] other) {
        return Arrays.equals(data, starts[i], ends[i], other, 0, other.length);
    }

    boolean hasIdrSlice() {
        for (int i = 0; i < count; i++) {
            if (nalType(i) == NalUnits.IDR_SLICE) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the unit in AVCC framing: each unit with a four-byte length before it. */
    int avccLength() {
        int n = 0;
        for (int i = 0; i < count; i++) {
            n += 4 + ends[i] - starts[i];
        }
        return n;
    }

    /** Writes the units in AVCC framing. */
    void writeAvcc(ChannelOutput out) throws java.io.IOException {
        for (int i = 0; i < count; i++) {
            out.writeInt(ends[i] - starts[i]);
            out.write(data, starts[i], ends[i] - starts[i]);
        }
    }
}
