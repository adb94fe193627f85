package dev.kvsedge.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response of the API pipeline: a complete body, or a {@link ResponseStream} that writes it while it
 * is being sent (media, live tails, PutMedia's acknowledgements).
 */
public record ApiResponse(int status, Map<String, String> headers, byte[] body, ResponseStream stream) {

    public ApiResponse(int status, Map<String, String> headers, byte[] body) {
        this(status, headers, body, null);
    }

    public static ApiResponse json(int status, String requestId, byte[] body) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json", "x-amzn-RequestId", requestId), body);
    }

    public static ApiResponse streaming(int status, Map<String, String> headers, ResponseStream stream) {
        return new ApiResponse(status, headers, new byte[0], stream);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
