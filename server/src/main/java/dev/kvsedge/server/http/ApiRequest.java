package dev.kvsedge.server.http;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the API pipeline sees it, independent of the HTTP library.
 *
 * @param headers lower-case names to values in arrival order
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query as sent, or null
 */
public record ApiRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {

    public String header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
