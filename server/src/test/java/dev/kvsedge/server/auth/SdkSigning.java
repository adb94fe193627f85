package dev.kvsedge.server.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the AWS SDK for Java v2's own signer and hands them over as the server would see them. */
final class SdkSigning {

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final String accessKeyId;
    private final String secret;
    private final String region;
    private final String service;
    private final Clock clock;

    SdkSigning(String accessKeyId, String secret, String region, String service, Clock clock) {
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.region = region;
        this.service = service;
        this.clock = clock;
    }

    static SdkHttpRequest.Builder http(SdkHttpMethod method, String uri) {
        return SdkHttpRequest.builder().method(method).uri(URI.create(uri));
    }

    /** Header-signed, with the payload hash in x-amz-content-sha256 as the SDK always sends it. */
    SignedRequest signHeader(SdkHttpRequest request, String body) {
        return sign(request, body, AuthLocation.HEADER, null, true);
    }

    /** Header-signed with x-amz-content-sha256: UNSIGNED-PAYLOAD, as for a streamed upload. */
    SignedRequest signHeaderUnsignedPayload(SdkHttpRequest request, String body) {
        return sign(request, body, AuthLocation.HEADER, null, false);
    }

    /** A presigned URL valid for {@code expiration}. */
    SignedRequest presign(SdkHttpRequest request, Duration expiration) {
        return sign(request, "", AuthLocation.QUERY_STRING, expiration, true);
    }

    private SignedRequest sign(SdkHttpRequest request, String body, AuthLocation location, Duration expiration,
            boolean payloadSigning) {
        SdkHttpRequest signed = signer.sign(r -> {
            r.identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                    .request(request)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(AwsV4HttpSigner.AUTH_LOCATION, location)
                    .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, payloadSigning)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            if (expiration != null) {
                r.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiration);
            }
        }).request();
        return received(signed, body.getBytes(StandardCharsets.UTF_8));
    }

    /** What an HTTP server hands the verifier: the raw request line parts and lower-cased headers. */
    static SignedRequest received(SdkHttpRequest signed, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.forEachHeader((name, values) -> headers
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values));
        URI uri = signed.getUri();
        return new SignedRequest(signed.method().name(), uri.getRawPath(), uri.getRawQuery(), headers, body);
    }
}
