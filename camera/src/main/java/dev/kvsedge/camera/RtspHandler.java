package dev.kvsedge.camera;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP methods (the RFC 2326 subset that FFmpeg, GStreamer and VLC use): OPTIONS, DESCRIBE, SETUP (interleaved
 * TCP or unicast UDP), PLAY, PAUSE, TEARDOWN and GET_PARAMETER (a keep-alive). A connection has at most one session
 * with the one video stream; it ends with the connection.
 */
final class RtspHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RtspHandler.class);
    static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER";

    private final CameraServer camera;
    private final String path;
    /** Null for an open camera. */
    private final Authenticator authenticator;

    RtspHandler(CameraServer camera, String path, CameraOptions.Credentials credentials) {
        this.camera = camera;
        this.path = path;
        this.authenticator = credentials == null ? null : new Authenticator(credentials);
    }

    RtspResponse handle(Connection connection, RtspRequest request, long now) {
        if (!request.version().equals("RTSP/1.0")) {
            return RtspResponse.to(request, 505, "RTSP Version Not Supported");
        }
        if (request.header("Require") != null) {
            // no extensions are supported (RFC 2326 12.32)
            return RtspResponse.to(request, 551, "Option not supported").header("Unsupported",
                    request.header("Require"));
        }
        if (authenticator != null && !request.method().equals("OPTIONS") && !connection.authenticated) {
            // once a connection has authenticated, its keep-alives and teardown need not repeat it
            if (!authenticator.accepts(request)) {
                return RtspResponse.to(request, 401, "Unauthorized").header("WWW-Authenticate",
                        authenticator.challenge());
            }
            connection.authenticated = true;
        }
        return switch (request.method()) {
            case "OPTIONS" -> RtspResponse.ok(request).header("Public", PUBLIC);
            case "DESCRIBE" -> describe(request);
            case "SETUP" -> setup(connection, request);
            case "PLAY" -> play(connection, request, now);
            case "PAUSE" -> pause(connection, request);
            case "TEARDOWN" -> teardown(connection, request);
            case "GET_PARAMETER" -> keepAlive(connection, request);
            default -> RtspResponse.to(request, 501, "Not Implemented").header("Public", PUBLIC);
        };
    }

    private RtspResponse describe(RtspRequest request) {
        String requested = pathOf(request.uri());
        if (!requested.equals(path) && !requested.equals(path + "/")) {
            return RtspResponse.to(request, 404, "Not Found");
        }
        String accept = request.header("Accept");
        if (accept != null && !accept.toLowerCase(Locale.ROOT).contains("application/sdp") && !accept.contains("*/*")) {
            return RtspResponse.to(request, 406, "Not Acceptable");
        }
        return RtspResponse.ok(request)
                .header("Content-Base", baseUrl(request.uri()))
                .body("application/sdp", Sdp.describe(camera.loop(), camera.host(), camera.sdpSessionId()));
    }

    private RtspResponse setup(Connection connection, RtspRequest request) {
        String requested = pathOf(request.uri());
        if (!requested.equals(path) && !requested.equals(path + "/") && !requested.equals(path + "/" + Sdp.TRACK)) {
            return RtspResponse.to(request, 404, "Not Found");
        }
        Session existing = connection.session;
        String sessionHeader = sessionId(request);
        if (sessionHeader != null && (existing == null || !existing.id.equals(sessionHeader))) {
            return RtspResponse.to(request, 454, "Session Not Found");
        }
        if (existing != null && (sessionHeader == null || existing.receiving())) {
            // one stream only: a second SETUP may change the transport of a session that is not playing
            return RtspResponse.to(request, 455, "Method Not Valid in This State");
        }
        Transport transport = Transport.choose(request.header("Transport"));
        if (transport == null) {
            return RtspResponse.to(request, 461, "Unsupported Transport");
        }
        int[] serverPorts = {0, 0};
        InetSocketAddress rtp = null;
        InetSocketAddress rtcp = null;
        if (!transport.tcp()) {
            try {
                serverPorts = camera.udpPorts();
            } catch (IOException e) {
                LOG.warn("Camera {} cannot open UDP ports: {}", camera.url(), e.toString());
                return RtspResponse.to(request, 461, "Unsupported Transport");
            }
            // to the address the request came from, never to a destination the client names (RFC 2326 12.39)
            rtp = new InetSocketAddress(connection.remote.getAddress(), transport.rtpChannel());
            rtcp = new InetSocketAddress(connection.remote.getAddress(), transport.rtcpChannel());
        }
        Session session = new Session(transport, rtp, rtcp, camera.loop().spec().fps());
        connection.session = session;
        return RtspResponse.ok(request)
                .header("Transport", transport.describe(session.ssrc, serverPorts[0], serverPorts[1]))
                .header("Session", session.id + ";timeout=" + Session.TIMEOUT_SECONDS);
    }

    private RtspResponse play(Connection connection, RtspRequest request, long now) {
        Session session = session(connection, request);
        if (session == null) {
            return RtspResponse.to(request, 454, "Session Not Found");
        }
        if (session.state == Session.State.READY) {
            session.play(camera.nextFrame(now), camera.loop().spec().gopFrames());
            camera.sessionStarted(connection);
        }
        // the first packet's sequence number and timestamp, or the next ones for a client already receiving
        long frame = session.state == Session.State.PLAYING ? camera.nextFrame(now) : session.startFrame;
        return RtspResponse.ok(request)
                .header("Session", session.id + ";timeout=" + Session.TIMEOUT_SECONDS)
                .header("Range", "npt=0.000-")
                .header("RTP-Info", "url=" + baseUrl(request.uri()) + Sdp.TRACK + ";seq=" + session.nextSeq
                        + ";rtptime=" + Integer.toUnsignedString(session.timestamp(frame)));
    }

    private RtspResponse pause(Connection connection, RtspRequest request) {
        Session session = session(connection, request);
        if (session == null) {
            return RtspResponse.to(request, 454, "Session Not Found");
        }
        if (session.receiving()) {
            session.state = Session.State.READY;
            camera.sessionStopped(connection);
        }
        return RtspResponse.ok(request).header("Session", session.id + ";timeout=" + Session.TIMEOUT_SECONDS);
    }

    private RtspResponse teardown(Connection connection, RtspRequest request) {
        Session session = session(connection, request);
        if (session == null) {
            return RtspResponse.to(request, 454, "Session Not Found");
        }
        if (session.receiving()) {
            camera.sessionStopped(connection);
        }
        connection.session = null;
        return RtspResponse.ok(request);
    }

    private RtspResponse keepAlive(Connection connection, RtspRequest request) {
        String id = sessionId(request);
        if (id != null && (connection.session == null || !connection.session.id.equals(id))) {
            return RtspResponse.to(request, 454, "Session Not Found");
        }
        RtspResponse response = RtspResponse.ok(request);
        if (id != null) {
            response.header("Session", id + ";timeout=" + Session.TIMEOUT_SECONDS);
        }
        return response;
    }

    /** The connection's session if the request names it. */
    private static Session session(Connection connection, RtspRequest request) {
        String id = sessionId(request);
        Session session = connection.session;
        return session != null && session.id.equals(id) ? session : null;
    }

    /** The Session header without its parameters (";timeout=60"). */
    private static String sessionId(RtspRequest request) {
        String header = request.header("Session");
        if (header == null) {
            return null;
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
    }

    /** The path of an rtsp:// URL (or the URL itself when it is a bare path or "*"), without query. */
    static String pathOf(String uri) {
        String rest = uri;
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            int slash = rest.indexOf('/', scheme + 3);
            rest = slash < 0 ? "/" : rest.substring(slash);
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest : rest.substring(0, query);
    }

    /** The URL relative control URLs resolve against: the stream's URL with a trailing '/'. */
    private static String baseUrl(String uri) {
        String base = uri;
        int query = base.indexOf('?');
        if (query >= 0) {
            base = base.substring(0, query);
        }
        if (base.endsWith("/" + Sdp.TRACK)) {
            base = base.substring(0, base.length() - Sdp.TRACK.length());
        }
        return base.endsWith("/") ? base : base + "/";
    }
}
