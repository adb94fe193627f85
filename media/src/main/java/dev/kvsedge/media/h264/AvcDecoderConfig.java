package dev.kvsedge.media.h264;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), the "avcC" that Matroska keeps as the H.264
 * track's CodecPrivate and MP4 keeps in the sample entry: profile, level, the size of the NAL length prefixes
 * in samples, and the parameter sets.
 *
 * @param profileIdc AVCProfileIndication
 * @param profileCompatibility the constraint flags byte
 * @param levelIdc AVCLevelIndication
 * @param nalLengthSize bytes in each sample's NAL length prefix (lengthSizeMinusOne + 1)
 * @param sps the sequence parameter set NAL units
 * @param pps the picture parameter set NAL units
 */
public record AvcDecoderConfig(int profileIdc, int profileCompatibility, int levelIdc, int nalLengthSize,
        List<byte[]> sps, List<byte[]> pps) {

    public AvcDecoderConfig {
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
    }

    /**
     * Parses an avcC record.
     *
     * @throws IllegalArgumentException when it is not a version 1 record, is truncated, or has no SPS or PPS
     */
    public static AvcDecoderConfig parse(byte[] avcC) {
        if (avcC == null || avcC.length < 7) {
            throw new IllegalArgumentException("H.264 codec private data is missing or too short for an avcC record");
        }
        if (avcC[0] != 1) {
            throw new IllegalArgumentException(
                    "H.264 codec private data is not an avcC record (version " + (avcC[0] & 0xFF) + ")");
        }
        int lengthSize = (avcC[4] & 3) + 1;
        if (lengthSize == 3) {
            throw new IllegalArgumentException("avcC NAL length size of 3 bytes is not allowed");
        }
        int[] pos = {5};
        List<byte[]> sps = readSets(avcC, pos, avcC[pos[0]++] & 0x1F);
        if (pos[0] >= avcC.length) {
            throw new IllegalArgumentException("avcC record ends before its picture parameter sets");
        }
        List<byte[]> pps = readSets(avcC, pos, avcC[pos[0]++] & 0xFF);
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new IllegalArgumentException("avcC record has no SPS or no PPS");
        }
        return new AvcDecoderConfig(avcC[1] & 0xFF, avcC[2] & 0xFF, avcC[3] & 0xFF, lengthSize, sps, pps);
    }

    private static List<byte[]> readSets(byte[] avcC, int[] pos, int count) {
        List<byte[]> sets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (pos[0] + 2 > avcC.length) {
                throw new IllegalArgumentException("avcC record is truncated");
            }
            int length = ((avcC[pos[0]] & 0xFF) << 8) | (avcC[pos[0] + 1] & 0xFF);
            pos[0] += 2;
            if (pos[0] + length > avcC.length) {
                throw new IllegalArgumentException("avcC record is truncated");
            }
            byte[] set = new byte[length];
            System.arraycopy(avcC, pos[0], set, 0, length);
            sets.add(set);
            pos[0] += length;
        }
        return sets;
    }

    /** A record for samples with four-byte NAL lengths, taking profile and level from the first SPS. */
    public static AvcDecoderConfig of(List<byte[]> sps, List<byte[]> pps) {
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new IllegalArgumentException("an avcC record needs at least one SPS and one PPS");
        }
        byte[] first = sps.get(0);
        if (first.length < 4) {
            throw new IllegalArgumentException("H.264 SPS too short");
        }
        return new AvcDecoderConfig(first[1] & 0xFF, first[2] & 0xFF, first[3] & 0xFF, 4, sps, pps);
    }

    /** The first SPS, parsed. */
    public Sps firstSps() {
        return Sps.parse(sps.get(0));
    }

    /**
     * The record's bytes. High profiles get the chroma format and bit depth extension, which 14496-15 requires
     * for them and some decoders read.
     */
    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(profileIdc);
        out.write(profileCompatibility);
        out.write(levelIdc);
        out.write(0xFC | (nalLengthSize - 1));
        out.write(0xE0 | sps.size());
        for (byte[] set : sps) {
            out.write(set.length >>> 8);
            out.write(set.length);
            out.writeBytes(set);
        }
        out.write(pps.size());
        for (byte[] set : pps) {
            out.write(set.length >>> 8);
            out.write(set.length);
            out.writeBytes(set);
        }
        if (profileIdc == 100 || profileIdc == 110 || profileIdc == 122 || profileIdc == 144) {
            Sps parsed = firstSps();
            out.write(0xFC | parsed.chromaFormatIdc());
            out.write(0xF8 | (parsed.bitDepthLuma() - 8));
            out.write(0xF8 | (parsed.bitDepthChroma() - 8));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** The RFC 6381 codecs parameter, for example {@code avc1.42c01e}, for HLS and DASH manifests. */
    public String codecString() {
        return String.format("avc1.%02x%02x%02x", profileIdc, profileCompatibility, levelIdc);
    }
}
