package dev.kvsedge.camera;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The camera's picture, encoded once: a loop of access units, each already cut into RTP packets, that starts with an
 * IDR picture and is whole GOPs long, so that playing it again and again is a valid H.264 stream. Immutable and
 * shared by every camera in the process with the same {@link LoopSpec}.
 *
 * @param sps the sequence parameter set NAL unit (without start code); also in band before every IDR picture
 * @param pps the picture parameter set NAL unit
 * @param units the access units in decoding (and display: there are no B-frames) order
 */
record EncodedLoop(LoopSpec spec, byte[] sps, byte[] pps, List<AccessUnit> units) {

    /**
     * One picture's packets.
     *
     * @param key whether it is an IDR picture (with SPS and PPS before it), where a client may start
     */
    record AccessUnit(boolean key, RtpPackets packets) {}

    EncodedLoop {
        if (units.isEmpty() || !units.get(0).key()) {
            throw new IllegalArgumentException("a loop starts with a key frame");
        }
        units = List.copyOf(units);
    }

    int frames() {
        return units.size();
    }

    /** profile_idc, the constraint flags and level_idc as six hex digits, for the SDP's profile-level-id. */
    String profileLevelId() {
        return HexFormat.of().withUpperCase().formatHex(sps, 1, 4);
    }

    /** The SDP's sprop-parameter-sets: SPS and PPS in base64, comma-separated. */
    String spropParameterSets() {
        return Base64.getEncoder().encodeToString(sps) + "," + Base64.getEncoder().encodeToString(pps);
    }

    /** The largest access unit's packet bytes (with TCP prefixes): how big a send buffer must be. */
    int largestUnit() {
        return units.stream().mapToInt(u -> u.packets().size()).max().orElse(0);
    }

    /** All packet bytes of one pass of the loop. */
    long bytes() {
        return units.stream().mapToLong(u -> u.packets().size()).sum();
    }

    /** The bits per second clients receive, RTP and TCP framing included. */
    long bitsPerSecond() {
        return bytes() * 8 * spec.fps() / frames();
    }
}
