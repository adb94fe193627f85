package dev.kvsedge.media.h264;

import java.util.Set;

/**
 * The fields of an H.264 sequence parameter set that remuxing needs: the coded picture size after cropping
 * (for the MP4 sample entry when the Matroska track gives none) and the chroma format and bit depths (for the
 * avcC's high-profile extension). Parsed per ITU-T H.264 7.3.2.1.1.
 *
 * @param profileIdc profile_idc (66 baseline, 77 main, 100 high, ...)
 * @param constraintFlags the byte holding constraint_set0..5 flags
 * @param levelIdc level_idc (for example 31 for level 3.1)
 * @param chromaFormatIdc 0 monochrome, 1 4:2:0, 2 4:2:2, 3 4:4:4
 * @param bitDepthLuma bits per luma sample
 * @param bitDepthChroma bits per chroma sample
 * @param width picture width in pixels after frame cropping
 * @param height picture height in pixels after frame cropping
 */
public record Sps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc, int bitDepthLuma,
        int bitDepthChroma, int width, int height) {

    /** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices. */
    private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134,
            135);

    /**
     * Parses an SPS NAL unit (starting with its header byte, without start code or length prefix).
     *
     * @throws IllegalArgumentException when the unit is not an SPS or is truncated
     */
    public static Sps parse(byte[] nal) {
        if (NalUnits.type(nal) != NalUnits.SPS) {
            throw new IllegalArgumentException("not an H.264 SPS NAL unit (type " + NalUnits.type(nal) + ")");
        }
        BitReader r = new BitReader(nal, 1);
        int profile = r.readBits(8);
        int constraints = r.readBits(8);
        int level = r.readBits(8);
        r.readUe(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        int bitDepthLuma = 8;
        int bitDepthChroma = 8;
        if (HIGH_PROFILES.contains(profile)) {
            chromaFormat = r.readUe();
            if (chromaFormat == 3) {
                separateColourPlanes = r.readFlag();
            }
            bitDepthLuma = r.readUe() + 8;
            bitDepthChroma = r.readUe() + 8;
            r.readFlag(); // qpprime_y_zero_transform_bypass_flag
            if (r.readFlag()) { // seq_scaling_matrix_present_flag
                int lists = chromaFormat != 3 ? 8 : 12;
                for (int i = 0; i < lists; i++) {
                    if (r.readFlag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.readUe(); // log2_max_frame_num_minus4
        int pocType = r.readUe();
        if (pocType == 0) {
            r.readUe(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.readFlag(); // delta_pic_order_always_zero_flag
            r.readSe(); // offset_for_non_ref_pic
            r.readSe(); // offset_for_top_to_bottom_field
            int cycle = r.readUe();
            for (int i = 0; i < cycle; i++) {
                r.readSe();
            }
        }
        r.readUe(); // max_num_ref_frames
        r.readFlag(); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = r.readUe() + 1;
        int heightInMapUnits = r.readUe() + 1;
        boolean frameMbsOnly = r.readFlag();
        if (!frameMbsOnly) {
            r.readFlag(); // mb_adaptive_frame_field_flag
        }
        r.readFlag(); // direct_8x8_inference_flag
        int width = widthInMbs * 16;
        int height = (frameMbsOnly ? 1 : 2) * heightInMapUnits * 16;
        if (r.readFlag()) { // frame_cropping_flag
            int left = r.readUe();
            int right = r.readUe();
            int top = r.readUe();
            int bottom = r.readUe();
            // Crop offsets count in chroma sample units (7.4.2.1.1): 4:2:0 halves both directions.
            boolean hasChroma = chromaFormat != 0 && !separateColourPlanes;
            int cropUnitX = hasChroma && chromaFormat < 3 ? 2 : 1;
            int cropUnitY = (hasChroma && chromaFormat == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            width -= cropUnitX * (left + right);
            height -= cropUnitY * (top + bottom);
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("H.264 SPS crops the picture to nothing");
        }
        return new Sps(profile, constraints, level, chromaFormat, bitDepthLuma, bitDepthChroma, width, height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.readSe() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }
}
