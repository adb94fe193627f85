package dev.kvsedge.server.console;

import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.http.ApiRequest;
import dev.kvsedge.server.http.ApiResponse;
import dev.kvsedge.server.http.ErrorResponses;
import dev.kvsedge.server.http.RawRoute;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's static files: {@code GET /} is its page and {@code GET /console/...} its modules, styles and
 * vendored libraries, from the classpath folder {@code console/}; {@code /console/config.json} tells the page
 * whether this server accepts the default credentials (loopback, none configured) so that it signs in by itself.
 * These GETs need no signature; every API call the console makes is signed in the browser like any SDK's.
 */
public final class ConsoleFiles implements RawRoute {
    public static final String ROOT = "/";
    /** The prefix of the console's files; the dispatcher routes {@code /console/*} here. */
    public static final String PREFIX = "/console/";
    private static final String CONFIG = PREFIX + "config.json";
    private static final Pattern SAFE_PATH = Pattern
            .compile("(?:[A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "mjs",
            "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "png", "image/png", "svg", "image/svg+xml",
            "txt", "text/plain; charset=utf-8", "ico", "image/x-icon");
    /**
     * Only this origin's scripts, styles and API; media and hls.js's worker from blob: URLs; thumbnails (GetImages)
     * as data: URLs; no framing.
     */
    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
            + " media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'none'";

    private final boolean defaultCredentials;
    private final Map<String, StaticFile> cache = new ConcurrentHashMap<>();

    private record StaticFile(byte[] body, String type, String etag) {}

    /** @param defaultCredentials whether the server accepts test/test (no credentials configured, loopback only) */
    public ConsoleFiles(boolean defaultCredentials) {
        this.defaultCredentials = defaultCredentials;
    }

    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public boolean agentsAllowed() {
        return true;
    }

    @Override
    public boolean accepts(String method) {
        return method.equals("GET");
    }

    @Override
    public ApiResponse handle(Caller caller, ApiRequest request, String requestId) {
        String path = request.rawPath();
        if (path.equals(CONFIG)) {
            return ApiResponse.json(200, requestId, ("{\"DefaultCredentials\":" + defaultCredentials + "}")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String name = path.equals(ROOT) ? "index.html" : path.substring(PREFIX.length());
        Optional<StaticFile> file = SAFE_PATH.matcher(name).matches() ? find(name) : Optional.empty();
        if (file.isEmpty()) {
            return ErrorResponses.of(ErrorCode.RESOURCE_NOT_FOUND, "The console has no file " + path + ".", requestId);
        }
        StaticFile f = file.get();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", f.type());
        headers.put("ETag", f.etag());
        headers.put("Cache-Control", "no-cache"); // revalidated with the ETag: an upgraded server is seen at once
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Content-Security-Policy", POLICY);
        if (f.etag().equals(request.header("if-none-match"))) {
            return new ApiResponse(304, headers, new byte[0]);
        }
        return new ApiResponse(200, headers, f.body());
    }

    private Optional<StaticFile> find(String name) {
        StaticFile cached = cache.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(extension);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                return Optional.empty(); // misses are not cached: a client cannot fill memory with them
            }
            byte[] body = in.readAllBytes();
            StaticFile file = new StaticFile(body, type, etag(body));
            cache.put(name, file);
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
