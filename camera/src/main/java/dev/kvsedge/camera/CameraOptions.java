package dev.kvsedge.camera;

import java.time.Duration;

/**
 * What a {@link SimulatedCamera} serves and where.
 *
 * @param host the address to listen on, also the host of the URL
 * @param port the TCP port for RTSP; 0 picks a free one
 * @param path the stream's path, starting with '/'
 * @param width picture width in pixels (even)
 * @param height picture height in pixels (even)
 * @param fps frames per second
 * @param gopFrames frames from one key frame to the next
 * @param loop how long the encoded loop is; rounded up to whole GOPs, so that it wraps at a key frame
 * @param bitrate the encoder's target in bits per second; 0 picks one for the size (about 2 Mbit/s at 1080p25)
 * @param credentials what clients must authenticate with (Digest or Basic), or null for an open camera
 */
public record CameraOptions(String host, int port, String path, int width, int height, int fps, int gopFrames,
        Duration loop, long bitrate, Credentials credentials) {

    /** A user name and password, as a camera's RTSP authentication checks them; {@link #toString} hides the password. */
    public record Credentials(String username, String password) {
        public Credentials {
            if (username == null || username.isEmpty() || password == null) {
                throw new IllegalArgumentException("credentials need a user name and a password");
            }
            if (username.contains(":") || username.contains("\"") || username.contains("\r")
                    || username.contains("\n")) {
                throw new IllegalArgumentException("the user name must not contain ':', '\"' or line breaks");
            }
        }

        @Override
        public String toString() {
            return "Credentials[username=" + username + ", password=***]";
        }
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8554;
    public static final String DEFAULT_PATH = "/live";
    public static final Duration DEFAULT_LOOP = Duration.ofSeconds(4);

    public CameraOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be given");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        if (path == null || !path.startsWith("/") || path.contains(" ") || path.length() > 1 && path.endsWith("/")) {
            throw new IllegalArgumentException(
                    "path must start with '/', have no spaces and no trailing '/', not " + path);
        }
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0 || width > 4096 || height > 4096) {
            throw new IllegalArgumentException(
                    "picture size must be even, 16x16 to 4096x4096, not " + width + "x" + height);
        }
        if (fps < 1 || fps > 120) {
            throw new IllegalArgumentException("fps must be 1 to 120, not " + fps);
        }
        if (gopFrames < 1) {
            throw new IllegalArgumentException("the key frame interval must be at least 1 frame, not " + gopFrames);
        }
        if (loop == null || loop.isNegative() || loop.isZero()) {
            throw new IllegalArgumentException("the loop must be positive");
        }
        if (bitrate < 0) {
            throw new IllegalArgumentException("bitrate must not be negative");
        }
    }

    /** 1280x720 at 25 fps, a key frame each second, on rtsp://127.0.0.1:8554/live. */
    public static CameraOptions defaults() {
        return new CameraOptions(DEFAULT_HOST, DEFAULT_PORT, DEFAULT_PATH, 1280, 720, 25, 25, DEFAULT_LOOP, 0, null);
    }

    /** The defaults on a free port: what tests want. */
    public static CameraOptions anyPort() {
        return defaults().withPort(0);
    }

    public CameraOptions withHost(String newHost) {
        return new CameraOptions(newHost, port, path, width, height, fps, gopFrames, loop, bitrate, credentials);
    }

    public CameraOptions withPort(int newPort) {
        return new CameraOptions(host, newPort, path, width, height, fps, gopFrames, loop, bitrate, credentials);
    }

    public CameraOptions withPath(String newPath) {
        return new CameraOptions(host, port, newPath, width, height, fps, gopFrames, loop, bitrate, credentials);
    }

    public CameraOptions withSize(int newWidth, int newHeight) {
        return new CameraOptions(host, port, path, newWidth, newHeight, fps, gopFrames, loop, bitrate, credentials);
    }

    /** The frame rate, with the key frame interval kept at the same number of frames. */
    public CameraOptions withFps(int newFps) {
        return new CameraOptions(host, port, path, width, height, newFps, gopFrames, loop, bitrate, credentials);
    }

    public CameraOptions withGop(int newGopFrames) {
        return new CameraOptions(host, port, path, width, height, fps, newGopFrames, loop, bitrate, credentials);
    }

    public CameraOptions withLoop(Duration newLoop) {
        return new CameraOptions(host, port, path, width, height, fps, gopFrames, newLoop, bitrate, credentials);
    }

    public CameraOptions withBitrate(long newBitrate) {
        return new CameraOptions(host, port, path, width, height, fps, gopFrames, loop, newBitrate, credentials);
    }

    /** Clients must authenticate with this user name and password (null, null: an open camera). */
    public CameraOptions withCredentials(String username, String password) {
        Credentials newCredentials = username == null && password == null ? null : new Credentials(username, password);
        return new CameraOptions(host, port, path, width, height, fps, gopFrames, loop, bitrate, newCredentials);
    }

    /** Frames in the loop: the loop's length rounded up to whole GOPs. */
    public int loopFrames() {
        long frames = Math.max(1, (loop.toNanos() * fps + 999_999_999L) / 1_000_000_000L);
        long gops = (frames + gopFrames - 1) / gopFrames;
        return Math.toIntExact(gops * gopFrames);
    }

    /** The bitrate asked for, or the default: 1 bit per pixel per 25 frames, at least 100 kbit/s. */
    public long effectiveBitrate() {
        return bitrate > 0 ? bitrate : Math.max(100_000L, (long) width * height * fps / 25);
    }

    /** Parses "WxH", for example "1920x1080". */
    public static int[] parseSize(String text) {
        String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("size must be WIDTHxHEIGHT, for example 1920x1080, not " + text);
        }
        try {
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size must be WIDTHxHEIGHT, for example 1920x1080, not " + text, e);
        }
    }
}
