package dev.kvsedge.bench.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The few admin calls the benchmark makes to set up streams, secrets and edge configurations, signed with SigV4. */
final class ControlPlane {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity admin = AwsCredentialsIdentity.create("test", "test");
    private final URI endpoint;

    ControlPlane(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A rest-json kinesisvideo call (or a kvs-edge extension on the same paths): POST path with a JSON body. */
    String kinesisVideo(String path, String json) throws IOException, InterruptedException {
        return send("kinesisvideo", endpoint.resolve(path), null, json);
    }

    /** A Secrets Manager call (awsJson 1.1: POST / with X-Amz-Target). */
    String secretsManager(String operation, String json) throws IOException, InterruptedException {
        return send("secretsmanager", endpoint.resolve("/"), "secretsmanager." + operation, json);
    }

    /** A string field of a JSON answer. */
    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + json);
    }

    private String send(String service, URI uri, String target, String json) throws IOException, InterruptedException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", target == null ? "application/json" : "application/x-amz-json-1.1");
        if (target != null) {
            request.putHeader("X-Amz-Target", target);
        }
        SdkHttpRequest signed = signer.sign(r -> r.identity(admin).request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(v -> out.header(name, v));
            }
        });
        HttpResponse<String> response = http.send(out.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    uri.getPath() + " " + (target == null ? "" : target) + ": HTTP " + response.statusCode() + " "
                            + response.body());
        }
        return response.body();
    }
}
