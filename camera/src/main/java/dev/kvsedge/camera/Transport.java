package dev.kvsedge.camera;

import java.util.Locale;

/**
 * A client's choice of transport from a SETUP's Transport header (RFC 2326 section 12.39): RTP interleaved in the
 * RTSP connection ({@code RTP/AVP/TCP;unicast;interleaved=0-1}) or unicast UDP
 * ({@code RTP/AVP;unicast;client_port=5000-5001}). Multicast is not offered.
 *
 * @param tcp interleaved in the RTSP connection; otherwise UDP
 * @param rtpChannel the interleaved channel (TCP) or the client's port (UDP) for RTP
 * @param rtcpChannel the same for RTCP
 */
record Transport(boolean tcp, int rtpChannel, int rtcpChannel) {

    /**
     * The first transport of a Transport header (a comma-separated list, in the client's order of preference) that
     * the camera can serve, or null when there is none.
     */
    static Transport choose(String header) {
        if (header == null) {
            return null;
        }
        for (String spec : header.split(",")) {
            Transport transport = parseOne(spec.trim());
            if (transport != null) {
                return transport;
            }
        }
        return null;
    }

    private static Transport parseOne(String spec) {
        String[] parts = spec.split(";");
        String protocol = parts[0].trim().toUpperCase(Locale.ROOT);
        boolean tcp;
        if (protocol.equals("RTP/AVP/TCP")) {
            tcp = true;
        } else if (protocol.equals("RTP/AVP") || protocol.equals("RTP/AVP/UDP")) {
            tcp = false;
        } else {
            return null;
        }
        int[] interleaved = null;
        int[] clientPort = null;
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].trim();
            String lower = part.toLowerCase(Locale.ROOT);
            if (lower.equals("multicast")) {
                return null;
            }
            if (lower.startsWith("interleaved=")) {
                interleaved = range(part.substring("interleaved=".length()), 255);
            } else if (lower.startsWith("client_port=")) {
                clientPort = range(part.substring("client_port=".length()), 65535);
            }
        }
        if (tcp) {
            // RFC 2326 10.12: without interleaved= the server picks the channels
            int[] channels = interleaved != null ? interleaved : new int[] {0, 1};
            return new Transport(true, channels[0], channels[1]);
        }
        if (clientPort == null || clientPort[0] == 0) {
            return null;
        }
        return new Transport(false, clientPort[0], clientPort[1]);
    }

    /** "a-b" or "a" (then b = a + 1), each in 0..max; null when malformed. */
    private static int[] range(String text, int max) {
        try {
            String[] ends = text.trim().split("-");
            int first = Integer.parseInt(ends[0].trim());
            int second = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : first + 1;
            if (first < 0 || second < 0 || first > max || second > max || ends.length > 2) {
                return null;
            }
            return new int[] {first, second};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The Transport header of the SETUP response. */
    String describe(int ssrc, int serverRtpPort, int serverRtcpPort) {
        String ssrcHex = String.format("%08X", ssrc);
        if (tcp) {
            return "RTP/AVP/TCP;unicast;interleaved=" + rtpChannel + "-" + rtcpChannel + ";ssrc=" + ssrcHex
                    + ";mode=\"PLAY\"";
        }
        return "RTP/AVP;unicast;client_port=" + rtpChannel + "-" + rtcpChannel + ";server_port=" + serverRtpPort + "-"
                + serverRtcpPort + ";ssrc=" + ssrcHex + ";mode=\"PLAY\"";
    }
}
