package dev.kvsedge.bench.ingest;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.AvcDecoderConfig;
import dev.kvsedge.media.h264.Sps;
import dev.kvsedge.media.mkv.MkvIds;
import dev.kvsedge.media.mkv.MkvWriter;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic but well-formed producer stream: EBML header, a Segment of unknown size, Info, Tracks with one
 * {@code V_MPEG4/ISO/AVC} track (a real 1280x720 SPS and PPS in its avcC), then one Cluster per fragment
 * holding {@code framesPerFragment} SimpleBlocks, the first a key frame. A frame is one length-prefixed NAL
 * unit (IDR for the key frame, non-IDR slice otherwise) of random bytes, sized so that a fragment carries
 * {@code bytesPerFragment} bytes in all; the key frame is as large as four other frames. The server does not
 * decode for ingest, so random slice data is enough.
 *
 * <p>Fragments are pre-rendered once in a few variants (different random data) and reused: what differs from
 * one fragment to the next is only the Cluster header and Timecode, which {@link #clusterStart} renders. The
 * Timecode is always written on 8 bytes, so every fragment of a variant has the same size.
 */
final class SyntheticMkv {
    static final long TIMECODE_SCALE_NANOS = 1_000_000; // Matroska's default: timecodes in milliseconds
    static final int TRACK_NUMBER = 1;
    static final int WIDTH = 1280;
    static final int HEIGHT = 720;
    /** Timecode element: ID 0xE7, size 8 (VINT 0x88), 8 bytes of value. */
    static final int TIMECODE_ELEMENT_LENGTH = 10;

    private final int frameMillis;
    private final int framesPerFragment;
    private final byte[] header;
    /** Per variant: the SimpleBlock elements of one fragment, in order. */
    private final List<byte[][]> variants = new ArrayList<>();
    private final long[] blockBytes;

    SyntheticMkv(int fps, int framesPerFragment, long bytesPerFragment, int variantCount, long seed) {
        if (1000 % fps != 0) {
            throw new IllegalArgumentException("fps must divide 1000 (frame times are whole milliseconds): " + fps);
        }
        this.frameMillis = 1000 / fps;
        this.framesPerFragment = framesPerFragment;
        if ((long) frameMillis * framesPerFragment > Short.MAX_VALUE) {
            throw new IllegalArgumentException("a fragment longer than 32 s does not fit SimpleBlock timecodes");
        }
        Track video = new Track(TRACK_NUMBER, Track.VIDEO, Track.H264, avcC(), frameMillis * 1_000_000L, WIDTH, HEIGHT,
                0, 0);
        this.header = MkvWriter.header(TIMECODE_SCALE_NANOS, MkvWriter.tracks(List.of(video)), "kvs-edge-bench");

        // Frame sizes: the key frame counts as 4 shares, every other frame as 1; block overhead is taken off.
        long clusterOverhead = MkvWriter.CLUSTER_HEADER_LENGTH + TIMECODE_ELEMENT_LENGTH;
        long perBlockOverhead = 1 + 4 + 4 + 5; // SimpleBlock ID and size, track/timecode/flags, NAL length, NAL header
        long payload = bytesPerFragment - clusterOverhead - framesPerFragment * perBlockOverhead;
        if (payload < framesPerFragment * 16L) {
            throw new IllegalArgumentException(
                    "fragment size too small for " + framesPerFragment + " frames: " + bytesPerFragment);
        }
        long share = payload / (framesPerFragment + 3);
        SplittableRandom random = new SplittableRandom(seed);
        for (int v = 0; v < variantCount; v++) {
            byte[][] blocks = new byte[framesPerFragment][];
            long used = 0;
            for (int f = 0; f < framesPerFragment; f++) {
                boolean key = f == 0;
                long size = f == framesPerFragment - 1 ? payload - used : (key ? 4 * share : share);
                used += size;
                blocks[f] = MkvWriter.simpleBlock(TRACK_NUMBER, f * frameMillis, key, frame(key, (int) size, random));
            }
            variants.add(blocks);
        }
        this.blockBytes = new long[variantCount];
        for (int v = 0; v < variantCount; v++) {
            for (byte[] block : variants.get(v)) {
                blockBytes[v] += block.length;
            }
        }
    }

    /** EBML header, Segment of unknown size, Info and Tracks: what an upload starts with. */
    byte[] header() {
        return header;
    }

    int variants() {
        return variants.size();
    }

    byte[][] blocks(int variant) {
        return variants.get(variant);
    }

    int frameMillis() {
        return frameMillis;
    }

    int framesPerFragment() {
        return framesPerFragment;
    }

    long fragmentMillis() {
        return (long) frameMillis * framesPerFragment;
    }

    /** Bytes of one fragment of the variant as sent: Cluster header, Timecode and the blocks. */
    long fragmentBytes(int variant) {
        return MkvWriter.CLUSTER_HEADER_LENGTH + TIMECODE_ELEMENT_LENGTH + blockBytes[variant];
    }

    /**
     * The Cluster header and its Timecode. With {@code knownSize} the Cluster's size is written (the server sees
     * the fragment end with its last block); otherwise it is "unknown", as live producers write it, and the
     * fragment ends only when the next Cluster (or the end of the upload) arrives.
     */
    byte[] clusterStart(int variant, long timecode, boolean knownSize) {
        byte[] out = new byte[MkvWriter.CLUSTER_HEADER_LENGTH + TIMECODE_ELEMENT_LENGTH];
        byte[] clusterHeader = MkvWriter.clusterHeader(TIMECODE_ELEMENT_LENGTH + blockBytes[variant]);
        if (!knownSize) {
            for (int i = 5; i < MkvWriter.CLUSTER_HEADER_LENGTH; i++) {
                clusterHeader[i] = (byte) 0xFF; // 0x01 FF..FF: the 8-byte VINT of "unknown size"
            }
            clusterHeader[4] = 0x01;
        }
        System.arraycopy(clusterHeader, 0, out, 0, clusterHeader.length);
        int at = clusterHeader.length;
        out[at++] = (byte) MkvIds.TIMECODE;
        out[at++] = (byte) 0x88;
        for (int i = 0; i < 8; i++) {
            out[at++] = (byte) (timecode >>> 8 * (7 - i));
        }
        return out;
    }

    private static byte[] frame(boolean key, int size, SplittableRandom random) {
        byte[] frame = new byte[size + 5];
        random.nextBytes(frame);
        int nal = size + 1;
        frame[0] = (byte) (nal >>> 24);
        frame[1] = (byte) (nal >>> 16);
        frame[2] = (byte) (nal >>> 8);
        frame[3] = (byte) nal;
        frame[4] = (byte) (key ? 0x65 : 0x41); // IDR slice, or non-IDR slice with nal_ref_idc 2
        return frame;
    }

    /** An avcC record with a Baseline 1280x720 SPS and its PPS, checked with the media module's SPS parser. */
    static byte[] avcC() {
        BitWriter sps = new BitWriter();
        sps.bits(0x67, 8); // nal_ref_idc 3, SPS
        sps.bits(66, 8).bits(0xC0, 8).bits(31, 8); // Baseline, constraint_set0/1, level 3.1
        sps.ue(0); // seq_parameter_set_id
        sps.ue(0); // log2_max_frame_num_minus4
        sps.ue(2); // pic_order_cnt_type
        sps.ue(1); // max_num_ref_frames
        sps.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
        sps.ue(WIDTH / 16 - 1).ue(HEIGHT / 16 - 1);
        sps.bits(1, 1).bits(1, 1).bits(0, 1).bits(0, 1); // frame_mbs_only, direct_8x8_inference, no cropping, no VUI
        byte[] spsNal = sps.trailingBits();
        BitWriter pps = new BitWriter();
        pps.bits(0x68, 8); // nal_ref_idc 3, PPS
        pps.ue(0).ue(0); // pic_parameter_set_id, seq_parameter_set_id
        pps.bits(0, 1).bits(0, 1); // CAVLC, no bottom_field_pic_order_in_frame_present
        pps.ue(0).ue(0).ue(0); // one slice group; one reference index for L0 and L1
        pps.bits(0, 1).bits(0, 2); // no weighted prediction
        pps.se(0).se(0).se(0); // pic_init_qp_minus26, pic_init_qs_minus26, chroma_qp_index_offset
        pps.bits(1, 1).bits(0, 1).bits(0, 1); // deblocking control present, no constrained intra, no redundant_pic_cnt
        byte[] ppsNal = pps.trailingBits();
        Sps parsed = Sps.parse(spsNal);
        if (parsed.width() != WIDTH || parsed.height() != HEIGHT) {
            throw new IllegalStateException("synthetic SPS parses as " + parsed);
        }
        AvcDecoderConfig config = AvcDecoderConfig.of(List.of(spsNal), List.of(ppsNal));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1);
        out.write(config.profileIdc());
        out.write(config.profileCompatibility());
        out.write(config.levelIdc());
        out.write(0xFC | (config.nalLengthSize() - 1));
        out.write(0xE0 | 1);
        out.write(spsNal.length >>> 8);
        out.write(spsNal.length);
        out.writeBytes(spsNal);
        out.write(1);
        out.write(ppsNal.length >>> 8);
        out.write(ppsNal.length);
        out.writeBytes(ppsNal);
        byte[] record = out.toByteArray();
        AvcDecoderConfig.parse(record); // throws if malformed
        return record;
    }

    /** MSB-first bit writer with exp-Golomb codes; short parameter sets only (no emulation prevention needed). */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int count;

        BitWriter bits(long value, int n) {
            for (int i = n - 1; i >= 0; i--) {
                current = current << 1 | (int) (value >>> i & 1);
                if (++count == 8) {
                    out.write(current);
                    current = 0;
                    count = 0;
                }
            }
            return this;
        }

        BitWriter ue(long value) {
            long v = value + 1;
            int length = 64 - Long.numberOfLeadingZeros(v);
            return bits(0, length - 1).bits(v, length);
        }

        BitWriter se(long value) {
            return ue(value <= 0 ? -2 * value : 2 * value - 1);
        }

        byte[] trailingBits() {
            bits(1, 1);
            while (count != 0) {
                bits(0, 1);
            }
            byte[] bytes = out.toByteArray();
            for (int i = 2; i < bytes.length; i++) {
                if (bytes[i - 2] == 0 && bytes[i - 1] == 0 && (bytes[i] & 0xFF) <= 3) {
                    throw new IllegalStateException("parameter set would need emulation prevention");
                }
            }
            return bytes;
        }
    }
}
