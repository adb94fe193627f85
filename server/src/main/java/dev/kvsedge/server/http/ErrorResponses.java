package dev.kvsedge.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one place errors become HTTP: status from the {@link ErrorCode}, the code in
 * {@code x-amzn-ErrorType} (which botocore and the SDKs read first) and in {@code __type}, and the
 * message in {@code Message}, or {@code message} for the authentication layer as AWS sends it.
 */
public final class ErrorResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {}

    public static ApiResponse of(ApiException error, String requestId) {
        return of(error.errorCode(), error.getMessage(), requestId);
    }

    public static ApiResponse of(ErrorCode code, String message, String requestId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("__type", code.code());
        body.put(code.lowercaseMessage() ? "message" : "Message", message);
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new ApiResponse(code.status(), Map.of(
                "Content-Type", "application/json",
                "x-amzn-RequestId", requestId,
                "x-amzn-ErrorType", code.code()), bytes);
    }
}
