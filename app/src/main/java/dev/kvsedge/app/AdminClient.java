package dev.kvsedge.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Calls kvs-edge's JSON API as an admin, signing with SigV4 like any AWS client. */
final class AdminClient {
    private static final ObjectMapper JSON = ApiJson.mapper();
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length");

    private final URI endpoint;
    private final String region;
    private final SigV4Signer signer;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    AdminClient(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.signer = new SigV4Signer(accessKeyId, secretAccessKey, Clock.systemUTC());
    }

    /** Failure answered by the server, with its AWS error code. */
    static final class ApiError extends Exception {
        final String code;

        ApiError(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    JsonNode call(String path, Object input) throws IOException, InterruptedException, ApiError {
        return send(endpoint.resolve(path), "kinesisvideo", Map.of("content-type", "application/json"), input);
    }

    /** An awsJson 1.1 call, such as {@code secretsmanager.CreateSecret}, on the same endpoint. */
    JsonNode callTarget(String service, String target, Object input)
            throws IOException, InterruptedException, ApiError {
        return send(endpoint.resolve("/"), service,
                Map.of("content-type", "application/x-amz-json-1.1", "x-amz-target", target),
                input);
    }

    private JsonNode send(URI uri, String service, Map<String, String> headers, Object input)
            throws IOException, InterruptedException, ApiError {
        byte[] body = JSON.writeValueAsBytes(input);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        signer.sign("POST", uri, region, service, headers, body).forEach((name, value) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.net.ConnectException e) { // the JDK's message is empty, and its cause a closed channel
            throw new java.net.ConnectException("no server answers at " + endpoint + " (connection refused)");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new java.net.http.HttpTimeoutException("no answer from the server at " + endpoint + " in time");
        }
        JsonNode output = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        if (response.statusCode() != 200) {
            String code = response.headers().firstValue("x-amzn-ErrorType")
                    .orElse(String.valueOf(response.statusCode()));
            String message = output.has("message") ? output.get("message").asText() : output.path("Message").asText();
            throw new ApiError(code, code + ": " + message);
        }
        return output;
    }
}
