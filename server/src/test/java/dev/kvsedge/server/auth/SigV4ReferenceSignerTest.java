package dev.kvsedge.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/**
 * The test-only {@link ReferenceSigner} reproduces AWS's published signatures and the SDK's, so requests it
 * signs (boto3-style ones in particular) are valid evidence against the verifier.
 */
class SigV4ReferenceSignerTest {

    @Test
    void itReproducesTheGetVanillaVector() {
        ReferenceSigner signer = new ReferenceSigner(SigV4TestSuiteTest.ACCESS_KEY_ID, SigV4TestSuiteTest.SECRET,
                "us-east-1", "service");

        String signature = signer.signature("GET", "/", null,
                Map.of("host", List.of("example.amazonaws.com"), "x-amz-date", List.of("20150830T123600Z")),
                List.of("host", "x-amz-date"), ReferenceSigner.sha256Hex(new byte[0]), "20150830T123600Z");

        assertThat(signature).isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void itReproducesTheSdkSignatureForAnEncodedPathAndQuery() {
        Clock clock = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);
        SdkSigning sdk = new SdkSigning("AKIDSDK", "sdk/secret+key", "us-west-2", "kinesisvideo", clock);
        SignedRequest signed = sdk.signHeader(SdkSigning.http(SdkHttpMethod.POST,
                "https://kinesisvideo.us-west-2.amazonaws.com/a%20b/c:d?z=1&a=x%2Fy&a=%20")
                .putHeader("Content-Type", "application/json").build(), "{}");
        List<String> signedHeaders = List.of("content-type", "host", "x-amz-content-sha256", "x-amz-date");

        String signature = new ReferenceSigner("AKIDSDK", "sdk/secret+key", "us-west-2", "kinesisvideo")
                .signature("POST", signed.rawPath(), signed.rawQuery(), signed.headers(), signedHeaders,
                        signed.header("x-amz-content-sha256"), "20240501T100000Z");

        assertThat(signed.header("authorization")).endsWith("Signature=" + signature);
    }
}
