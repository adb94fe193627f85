package dev.kvsedge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * POSTs SigV4-signed JSON to the server, as every AWS JSON client does: the agent protocol (restJson paths,
 * service kinesisvideo) and Secrets Manager (awsJson 1.1 with X-Amz-Target, service secretsmanager).
 */
public final class SignedJsonClient {
    private static final ObjectMapper JSON = ApiJson.mapper();
    /** Headers java.net.http sets itself and refuses from callers. */
    private static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length");

    private final URI endpoint;
    private final SigV4Signer signer;
    private final HttpClient http;

    public SignedJsonClient(URI endpoint, SigV4Signer signer) {
        this.endpoint = endpoint;
        this.signer = signer;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /**
     * Sends {@code input} (a record, encoded in UpperCamelCase) and returns the parsed answer.
     *
     * @param target the X-Amz-Target of an awsJson call, or null for a restJson path
     * @throws ApiCallException for an error answer
     * @throws IOException when the server cannot be reached or the answer is not JSON
     */
    public JsonNode call(String path, String target, String region, String service, Object input, Duration timeout)
            throws IOException, InterruptedException, ApiCallException {
        byte[] body = JSON.writeValueAsBytes(input);
        URI uri = endpoint.resolve(path);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", target == null ? "application/json" : "application/x-amz-json-1.1");
        if (target != null) {
            headers.put("x-amz-target", target);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        signer.sign("POST", uri, region, service, headers, body).forEach((name, value) -> {
            if (!SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                request.header(name, value);
            }
        });
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode output;
        try {
            output = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            if (response.statusCode() == 200) {
                throw e;
            }
            output = JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            throw new ApiCallException(response.statusCode(), errorCode(response, output), errorMessage(output));
        }
        return output;
    }

    public static <T> T decode(JsonNode node, Class<T> type) throws IOException {
        return JSON.treeToValue(node, type);
    }

    private static String errorCode(HttpResponse<byte[]> response, JsonNode output) {
        String code = response.headers().firstValue("x-amzn-ErrorType").orElse(output.path("__type").asText(""));
        code = code.contains(":") ? code.substring(0, code.indexOf(':')) : code;
        code = code.contains("#") ? code.substring(code.indexOf('#') + 1) : code;
        return code.isEmpty() ? String.valueOf(response.statusCode()) : code;
    }

    private static String errorMessage(JsonNode output) {
        return output.has("Message") ? output.get("Message").asText() : output.path("message").asText("");
    }
}
