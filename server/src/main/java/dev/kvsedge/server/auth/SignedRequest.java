package dev.kvsedge.server.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the verifier needs of an HTTP request, independent of any HTTP server.
 *
 * <p>{@code headers} maps lower-case names to their values in arrival order (a name sent twice keeps both
 * values). {@code body} is the full body, or {@code null} when the payload is streamed: then the client must
 * have signed {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} or {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD},
 * or, sending no such header, the empty payload's hash (as AWS's C producer signs PutMedia), or used the
 * presigned query form. A request without a body should pass an empty array, not {@code null}.
 * {@code rawPath} and {@code rawQuery} are exactly as on the request line, still percent-encoded; {@code
 * rawQuery} is {@code null} or empty when absent.
 *
 * <p>The verifier reads the map and array without copying them (it sits on the hot path), so callers must
 * not change them while {@link SigV4Verifier#verify} runs.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Objects.requireNonNull(headers, "headers");
    }

    /** The first value of a header, or {@code null}; {@code name} must be lower case. */
    String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Names only: header values carry the signature and the body may carry anything. */
    @Override
    public String toString() {
        return "SignedRequest[" + method + " " + rawPath + ", headers=" + headers.keySet()
                + ", body=" + (body == null ? "streamed" : body.length + " bytes") + "]";
    }
}
