package dev.kvsedge.media.ts;

import dev.kvsedge.media.h264.AvcDecoderConfig;
import dev.kvsedge.media.h264.NalUnits;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 access units for MPEG-TS: Annex B with an access unit delimiter first (13818-1 2.14 requires one at the
 * start of each access unit in a transport stream, and HLS players look for it), and the SPS and PPS before every
 * key frame so that a player can start decoding at any segment.
 */
final class AccessUnits {
    /** AUD with primary_pic_type 7 (any slice type) and the stop bit. */
    private static final byte[] AUD = {0x09, (byte) 0xF0};

    private AccessUnits() {}

    static byte[] annexB(byte[] avccSample, boolean keyFrame, AvcDecoderConfig config) {
        List<byte[]> units = NalUnits.splitAvcc(avccSample, config.nalLengthSize());
        List<byte[]> out = new ArrayList<>(units.size() + 4);
        out.add(AUD);
        boolean hasSps = false;
        for (byte[] unit : units) {
            hasSps |= NalUnits.type(unit) == NalUnits.SPS;
        }
        if (keyFrame && !hasSps) {
            out.addAll(config.sps());
            out.addAll(config.pps());
        }
        for (byte[] unit : units) {
            if (NalUnits.type(unit) != NalUnits.AUD && unit.length > 0) {
                out.add(unit); // the sample's own delimiter, if any, would come second: ours replaces it
            }
        }
        return NalUnits.toAnnexB(out);
    }
}
