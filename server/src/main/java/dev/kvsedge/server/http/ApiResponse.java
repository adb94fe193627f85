package dev.kvsedge.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A complete HTTP response of the API pipeline. */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    public static ApiResponse json(int status, String requestId, byte[] body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId), body);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
