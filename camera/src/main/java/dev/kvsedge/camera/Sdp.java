package dev.kvsedge.camera;

/**
 * The session description a DESCRIBE returns (RFC 4566, with RFC 6184's H.264 parameters): one video stream,
 * payload type 96, packetization-mode=1, the profile and level and the parameter sets from the encoded SPS and PPS.
 * The stream's control URL is relative ({@value #TRACK}), resolved against the Content-Base the response gives.
 */
final class Sdp {
    /** The video stream's control URL, relative to the camera's URL. */
    static final String TRACK = "trackID=0";

    private Sdp() {}

    static String describe(EncodedLoop loop, String host, long sessionId) {
        LoopSpec spec = loop.spec();
        String addressType = host.contains(":") ? "IP6" : "IP4";
        String origin = host.contains(":") || Character.isDigit(host.charAt(0)) ? host : "127.0.0.1";
        return "v=0\r\n"
                + "o=- " + sessionId + " 1 IN " + addressType + " " + origin + "\r\n"
                + "s=kvs-edge simulated camera\r\n"
                + "i=" + spec.width() + "x" + spec.height() + " " + spec.fps() + " fps H.264 test pattern\r\n"
                + "c=IN " + addressType + " " + (addressType.equals("IP6") ? "::" : "0.0.0.0") + "\r\n"
                + "t=0 0\r\n"
                + "a=tool:kvs-edge\r\n"
                + "a=type:broadcast\r\n"
                + "a=control:*\r\n"
                + "a=range:npt=0-\r\n"
                + "m=video 0 RTP/AVP " + RtpPackets.PAYLOAD_TYPE + "\r\n"
                + "b=AS:" + Math.max(1, loop.bitsPerSecond() / 1000) + "\r\n"
                + "a=rtpmap:" + RtpPackets.PAYLOAD_TYPE + " H264/90000\r\n"
                + "a=fmtp:" + RtpPackets.PAYLOAD_TYPE + " packetization-mode=1;profile-level-id="
                + loop.profileLevelId()
                + ";sprop-parameter-sets=" + loop.spropParameterSets() + "\r\n"
                + "a=framerate:" + spec.fps() + "\r\n"
                + "a=x-dimensions:" + spec.width() + "," + spec.height() + "\r\n"
                + "a=control:" + TRACK + "\r\n";
    }
}
