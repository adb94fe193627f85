package dev.kvsedge.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs rest-json {@code kinesisvideo} calls with the AWS SDK v2 SigV4 signer and renders each as the
 * exact HTTP/1.1 bytes to put on the wire. A signature is valid for 15 minutes, so a rendered request
 * may be sent many times within that window; the server verifies the signature every time.
 */
final class RequestSigner {
    static final String SERVICE = "kinesisvideo";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;
    private final String region;
    private final URI endpoint;

    RequestSigner(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
    }

    /** A signed {@code POST path} with a JSON body, as raw HTTP/1.1 request bytes (keep-alive). */
    byte[] signedPost(String path, String jsonBody) {
        return signedPost(path, jsonBody, Clock.systemUTC());
    }

    /** As {@link #signedPost(String, String)}, dated by {@code clock} (X-Amz-Date). */
    byte[] signedPost(String path, String jsonBody, Clock clock) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve(path))
                .putHeader("Host", endpoint.getHost() + ":" + endpoint.getPort())
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        return render(signed.request(), body);
    }

    private static byte[] render(SdkHttpRequest request, byte[] body) {
        StringBuilder head = new StringBuilder(768);
        head.append(request.method().name()).append(' ').append(request.encodedPath());
        request.encodedQueryParameters().ifPresent(q -> head.append('?').append(q));
        head.append(" HTTP/1.1\r\n");
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            for (String value : header.getValue()) {
                head.append(header.getKey()).append(": ").append(value).append("\r\n");
            }
        }
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }
}
