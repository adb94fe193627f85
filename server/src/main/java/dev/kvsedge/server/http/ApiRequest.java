package dev.kvsedge.server.http;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the API pipeline sees it, independent of the HTTP library.
 *
 * @param headers lower-case names to values in arrival order
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent, or null
 * @param body the whole body, or null when it is streamed
 * @param bodyStream the body as it arrives (for PutMedia), or null when it was read whole
 */
public record ApiRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
        InputStream bodyStream) {

    public ApiRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        this(method, rawPath, rawQuery, headers, body, null);
    }

    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public boolean streamed() {
        return bodyStream != null;
    }
}
