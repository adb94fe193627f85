package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.kvsedge.model.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** No refusal and no toString ever shows a secret access key or a request's signature. */
class SigV4SecretsTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private final Credential credential = new Credential("AKIASECRETSTEST00001", SECRET,
            new Principal("123456789012", null));
    private final SigV4Verifier verifier = new SigV4Verifier(StaticCredentials.of(credential),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void noRefusalMessageContainsTheSecretOrTheSignature() {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        SdkSigning sdk = new SdkSigning(credential.accessKeyId(), SECRET, "us-west-2", "kinesisvideo", clock);
        SignedRequest good = sdk.signHeader(SdkSigning.http(SdkHttpMethod.POST,
                "https://kinesisvideo.us-west-2.amazonaws.com/listStreams").build(), "{}");
        String authorization = good.header("authorization");
        String signature = authorization.substring(authorization.indexOf("Signature=") + 10);

        List<SignedRequest> refused = new ArrayList<>();
        refused.add(SdkSigning.received(SdkSigning.http(SdkHttpMethod.POST,
                "https://kinesisvideo.us-west-2.amazonaws.com/listStreams").build(), new byte[0]));
        refused.add(replaceAuthorization(good, authorization.replace(", SignedHeaders=", ", Headers=")));
        refused.add(replaceAuthorization(good, authorization.replace("Credential=", "Credential= ")));
        refused.add(replaceAuthorization(good, "Bearer " + SECRET));
        refused.add(replaceAuthorization(good, SECRET));
        refused.add(replaceAuthorization(good, authorization.replace(credential.accessKeyId(),
                SECRET + "/" + credential.accessKeyId())));
        refused.add(replaceAuthorization(good, authorization.replace("kinesisvideo", "kinesis")));
        refused.add(replaceAuthorization(good, authorization.replace(signature, signature.replace('a', 'b'))));
        refused.add(new SignedRequest(good.method(), good.rawPath(), good.rawQuery(), good.headers(),
                "{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        SdkSigning wrongSecret = new SdkSigning(credential.accessKeyId(), SECRET + "x", "us-west-2",
                "kinesisvideo", clock);
        refused.add(wrongSecret.signHeader(SdkSigning.http(SdkHttpMethod.POST,
                "https://kinesisvideo.us-west-2.amazonaws.com/listStreams").build(), "{}"));
        for (SignedRequest request : refused) {
            assertRefusedQuietly(verifier, request, signature);
        }

        // And once the good ones have expired.
        SigV4Verifier later = new SigV4Verifier(StaticCredentials.of(credential),
                Clock.fixed(NOW.plus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertRefusedQuietly(later, good, signature);
        assertRefusedQuietly(later, sdk.presign(SdkSigning.http(SdkHttpMethod.GET,
                "https://kinesisvideo.us-west-2.amazonaws.com/getMedia").build(), Duration.ofSeconds(1)), signature);
    }

    private static void assertRefusedQuietly(SigV4Verifier verifier, SignedRequest request, String signature) {
        Throwable thrown = catchThrowable(() -> verifier.verify(request, "kinesisvideo"));
        assertThat(thrown).as(request.toString()).isInstanceOf(ApiException.class);
        assertThat(thrown.getMessage()).doesNotContain(SECRET).doesNotContain(signature).doesNotContain("K7MDENG");
    }

    @Test
    void aCredentialPrintsItsKeyIdButNotItsSecret() {
        assertThat(credential.toString()).contains("AKIASECRETSTEST00001").doesNotContain(SECRET);
        assertThat(StaticCredentials.of(credential).toString()).doesNotContain(SECRET);
    }

    @Test
    void aSignedRequestPrintsNoHeaderValues() {
        SignedRequest signed = request("GET", "/").header("Authorization", "AWS4-HMAC-SHA256 Signature=abc123")
                .build();

        assertThat(signed.toString()).contains("authorization").doesNotContain("abc123");
    }

    private static SignedRequest replaceAuthorization(SignedRequest request, String authorization) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put("authorization", List.of(authorization));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }
}
