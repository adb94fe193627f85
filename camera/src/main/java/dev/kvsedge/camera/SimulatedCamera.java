package dev.kvsedge.camera;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A simulated RTSP camera: serves a moving test pattern as H.264 (RTP over RTSP, interleaved TCP or UDP) to any
 * number of clients, like a live camera. The pattern is encoded once per process and size (see {@link EncodedLoops})
 * and then only packetized, so a camera costs almost no CPU.
 *
 * <pre>{@code
 * try (SimulatedCamera camera = SimulatedCamera.start(CameraOptions.anyPort().withSize(1920, 1080))) {
 *     String url = camera.url(); // rtsp://127.0.0.1:PORT/live
 *     ...
 *     camera.pause();   // the stream freezes; connections stay open
 *     camera.resume();  // frames again, from the next key frame
 * }
 * // down and back: a new camera on the same port
 * SimulatedCamera again = SimulatedCamera.start(camera.options());
 * }</pre>
 */
public final class SimulatedCamera implements AutoCloseable {
    private final CameraServer server;

    private SimulatedCamera(CameraServer server) {
        this.server = server;
    }

    /**
     * Encodes the loop (or takes it from the process's cache), binds the port and starts serving. Returns once
     * clients can connect.
     *
     * @throws UncheckedIOException when the port cannot be bound
     * @throws IllegalStateException when FFmpeg's H.264 encoder is missing or fails
     */
    public static SimulatedCamera start(CameraOptions options) {
        EncodedLoop loop = EncodedLoops.get(LoopSpec.of(options));
        try {
            return new SimulatedCamera(CameraServer.start(options, loop));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
    }

    /** The stream's URL, for example {@code rtsp://127.0.0.1:8554/live}. */
    public String url() {
        return server.url();
    }

    /**
     * The URL with the user name and password in it ({@code rtsp://user:password@host:port/path}, percent-encoded),
     * as a camera's URL is usually given to a recorder; the plain {@link #url()} when the camera is open.
     */
    public String urlWithCredentials() {
        CameraOptions.Credentials credentials = server.options().credentials();
        if (credentials == null) {
            return url();
        }
        return url().replaceFirst("rtsp://",
                "rtsp://" + userInfo(credentials.username()) + ":" + userInfo(credentials.password()) + "@");
    }

    /** Percent-encodes what RFC 3986's userinfo may not hold as it is. */
    private static String userInfo(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    public int port() {
        return server.options().port();
    }

    /** The options it runs with, the port being the one bound: start a camera with them again to bring it back. */
    public CameraOptions options() {
        return server.options();
    }

    /** Clients currently playing (set up and sent PLAY, not paused or torn down). */
    public int clients() {
        return server.receiving();
    }

    /** Open RTSP connections, playing or not. */
    public int connections() {
        return server.connected();
    }

    /** Frames sent since start (counted once per frame time, however many clients got it). */
    public long framesSent() {
        return server.framesSent();
    }

    /** The bits per second a client receives, RTP and interleaving included. */
    public long bitsPerSecond() {
        return server.loop().bitsPerSecond();
    }

    /** Stops sending frames, keeping connections open and answering requests: a camera whose picture froze. */
    public void pause() {
        server.pause();
    }

    /** Sends frames again; each client restarts at the next key frame, its timestamps having moved on with time. */
    public void resume() {
        server.resume();
    }

    /** Closes every client connection at once, as a network failure would; new clients are accepted as before. */
    public void disconnectClients() {
        server.disconnectAll();
    }

    /** Stops listening and closes every connection; the port is free again when this returns. */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "SimulatedCamera[" + url() + "]";
    }
}
