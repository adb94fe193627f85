package dev.kvsedge.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Hand-made requests, signed by the AWS SDK's own SigV4 signer, for what SDK clients cannot send (bad JSON, odd paths). */
final class SignedHttp {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private final URI endpoint;
    private final String accessKeyId;
    private final String secret;
    /** The JDK's default client: it offers an h2c upgrade, which the server declines (HTTP/1.1 goes on). */
    private final HttpClient http = HttpClient.newHttpClient();

    SignedHttp(URI endpoint) {
        this(endpoint, "test", "test");
    }

    SignedHttp(URI endpoint, String accessKeyId, String secret) {
        this.endpoint = endpoint;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
    }

    /** POSTs a JSON document and returns the parsed answer; fails on a non-200 with the AWS error code. */
    com.fasterxml.jackson.databind.JsonNode call(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", path, json);
        if (response.statusCode() != 200) {
            throw new AwsError(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(""),
                    response.body());
        }
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
    }

    /** An error answer of the server. */
    static final class AwsError extends RuntimeException {
        final int status;
        final String code;

        AwsError(int status, String code, String body) {
            super(status + " " + code + " " + body);
            this.status = status;
            this.code = code;
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(endpoint.resolve(path)).putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.resolve(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> sendUnsigned(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(endpoint.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }
}
