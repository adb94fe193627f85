package dev.kvsedge.media.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splitting and joining H.264 NAL units in the two framings we meet: AVCC (each unit prefixed by its length,
 * as Matroska and MP4 store it) and Annex B (units separated by start codes, as MPEG-TS and encoders emit it).
 */
public final class NalUnits {
    public static final int NON_IDR_SLICE = 1;
    public static final int IDR_SLICE = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;

    private NalUnits() {}

    /** The nal_unit_type of a unit (its first byte's low five bits). */
    public static int type(byte[] nal) {
        return nal.length == 0 ? 0 : nal[0] & 0x1F;
    }

    /**
     * The units of one AVCC sample.
     *
     * @param lengthSize bytes per length prefix (1, 2 or 4, from the avcC's lengthSizeMinusOne)
     * @throws IllegalArgumentException when a length runs past the end of the sample
     */
    public static List<byte[]> splitAvcc(byte[] sample, int lengthSize) {
        if (lengthSize < 1 || lengthSize > 4) {
            throw new IllegalArgumentException("NAL length size must be 1 to 4 bytes, not " + lengthSize);
        }
        List<byte[]> units = new ArrayList<>();
        int pos = 0;
        while (pos < sample.length) {
            if (pos + lengthSize > sample.length) {
                throw new IllegalArgumentException("H.264 sample ends inside a NAL length prefix");
            }
            long length = 0;
            for (int i = 0; i < lengthSize; i++) {
                length = (length << 8) | (sample[pos + i] & 0xFF);
            }
            pos += lengthSize;
            if (length > sample.length - pos) {
                throw new IllegalArgumentException("H.264 NAL unit of " + length + " bytes runs past its sample");
            }
            byte[] unit = new byte[(int) length];
            System.arraycopy(sample, pos, unit, 0, unit.length);
            units.add(unit);
            pos += unit.length;
        }
        return units;
    }

    /**
     * The units of an Annex B byte stream: the bytes between start codes (00 00 01 or 00 00 00 01). Trailing
     * zero bytes before a start code belong to the next start code, not to the unit.
     */
    public static List<byte[]> splitAnnexB(byte[] stream) {
        List<byte[]> units = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 2 < stream.length) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1) {
                if (start >= 0) {
                    units.add(trimmed(stream, start, i));
                }
                i += 3;
                start = i;
            } else {
                i++;
            }
        }
        if (start >= 0 && start < stream.length) {
            units.add(trimmed(stream, start, stream.length));
        }
        units.removeIf(unit -> unit.length == 0);
        return units;
    }

    private static byte[] trimmed(byte[] stream, int from, int to) {
        int end = to;
        while (end > from && stream[end - 1] == 0) {
            end--;
        }
        byte[] unit = new byte[end - from];
        System.arraycopy(stream, from, unit, 0, unit.length);
        return unit;
    }

    /** Units joined with four-byte length prefixes (AVCC, lengthSizeMinusOne = 3). */
    public static byte[] toAvcc(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            out.write(unit.length >>> 24);
            out.write(unit.length >>> 16);
            out.write(unit.length >>> 8);
            out.write(unit.length);
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }

    /** An Annex B stream (start codes) converted to AVCC with four-byte lengths. */
    public static byte[] annexBToAvcc(byte[] stream) {
        return toAvcc(splitAnnexB(stream));
    }

    /** Units joined with four-byte start codes (Annex B). */
    public static byte[] toAnnexB(List<byte[]> units) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] unit : units) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(unit);
        }
        return out.toByteArray();
    }
}
