package dev.kvsedge.agent.record;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What to record: an RTSP camera or a local media file, from an edge configuration's media source (its
 * {@code MediaUriType} and the URI kept in the secret it names).
 *
 * <p>The URI is a secret (an RTSP URI carries the camera's user and password): {@link #toString()} and
 * {@link #display()} give the redacted form, {@link #redact(String)} cleans any text of it, and only
 * {@link FfmpegInput} reads {@link #url()}.
 */
public final class MediaSource {
    /** The kinds of source, named as the edge configuration's MediaUriType. */
    public enum Kind {
        RTSP_URI, FILE_URI
    }

    private final Kind kind;
    private final String url;
    private final String display;
    private final List<String> secrets;

    private MediaSource(Kind kind, String url, String display, List<String> secrets) {
        this.kind = kind;
        this.url = url;
        this.display = display;
        this.secrets = secrets;
    }

    /**
     * A source from a MediaUriType ({@code RTSP_URI} or {@code FILE_URI}) and its URI: for RTSP
     * {@code rtsp://[user:pass@]host[:port]/path} or {@code rtsps://...}; for a file {@code file:///path} or a plain
     * path.
     *
     * @throws InvalidSourceException when the type is unknown or the URI does not fit it (its message is redacted)
     */
    public static MediaSource of(String mediaUriType, String uri) {
        if (uri == null || uri.isBlank()) {
            throw new InvalidSourceException("the media URI is empty");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(mediaUriType);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidSourceException("unknown MediaUriType " + mediaUriType + " (want RTSP_URI or FILE_URI)");
        }
        String trimmed = uri.strip();
        return kind == Kind.RTSP_URI ? rtsp(trimmed) : file(trimmed);
    }

    /** An RTSP camera. */
    public static MediaSource rtsp(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("rtsp://") && !lower.startsWith("rtsps://")) {
            throw new InvalidSourceException("an RTSP_URI must start with rtsp:// or rtsps://, not "
                    + UriRedaction.redact(schemeOf(uri)));
        }
        int hostStart = uri.indexOf("://") + 3;
        if (hostStart >= uri.length() || uri.charAt(hostStart) == '/') {
            throw new InvalidSourceException("the RTSP_URI " + UriRedaction.redact(uri) + " has no host");
        }
        return new MediaSource(Kind.RTSP_URI, uri, UriRedaction.redact(uri), secretsOf(uri, hostStart));
    }

    /** A local media file (MKV or MP4 with H.264), from a {@code file:} URI or a path. */
    public static MediaSource file(String uri) {
        if (!uri.regionMatches(true, 0, "file:", 0, 5) && uri.contains("://")) {
            throw new InvalidSourceException("a FILE_URI must be a file: URI or a path, not "
                    + UriRedaction.redact(schemeOf(uri)));
        }
        Path path;
        try {
            path = uri.regionMatches(true, 0, "file:", 0, 5) ? Path.of(URI.create(uri)) : Path.of(uri);
        } catch (IllegalArgumentException e) { // InvalidPathException too
            throw new InvalidSourceException(
                    "the FILE_URI " + UriRedaction.redact(uri) + " is not a valid file URI or path");
        }
        return file(path);
    }

    /** A local media file. */
    public static MediaSource file(Path path) {
        String absolute = path.toAbsolutePath().normalize().toString();
        // The file protocol named explicitly, so FFmpeg never reads a colon in the name as a protocol.
        return new MediaSource(Kind.FILE_URI, "file:" + absolute, "file:" + absolute, List.of());
    }

    public Kind kind() {
        return kind;
    }

    /** The URL FFmpeg opens. Secret: never log it. */
    String url() {
        return url;
    }

    /** The redacted URI, for logs and statuses. */
    public String display() {
        return display;
    }

    /** The text with this source's credentials, and the user info and query of any URI, hidden. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String s = text.replace(url, display);
        for (String secret : secrets) {
            s = s.replace(secret, "***");
        }
        return UriRedaction.redactText(s);
    }

    @Override
    public String toString() {
        return display;
    }

    private static String schemeOf(String uri) {
        int colon = uri.indexOf(':');
        return colon < 0 ? "a URI without a scheme" : uri.substring(0, colon) + ":";
    }

    /**
     * The user info and its parts, raw and decoded, so that text FFmpeg or a library built from them (an
     * "Authorization" echo, a decoded password) can be cleaned too. Short parts are left out: hiding every "a" in
     * a message would hide nothing useful.
     */
    private static List<String> secretsOf(String uri, int hostStart) {
        int at = uri.lastIndexOf('@');
        List<String> secrets = new ArrayList<>();
        if (at > hostStart) {
            String userInfo = uri.substring(hostStart, at);
            secrets.add(userInfo);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String password = userInfo.substring(colon + 1);
                secrets.add(password);
                try {
                    secrets.add(URLDecoder.decode(password.replace("+", "%2B"), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException ignored) {
                    // not percent-encoded: the raw form is already listed
                }
            }
        }
        int query = uri.indexOf('?', Math.max(at, hostStart));
        if (query >= 0) {
            secrets.add(uri.substring(query + 1));
        }
        secrets.removeIf(s -> s.length() < 4);
        secrets.sort((a, b) -> b.length() - a.length()); // longest first, so a part never splits a whole
        return List.copyOf(secrets);
    }
}
