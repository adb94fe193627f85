package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.assertRefused;
import static dev.kvsedge.server.auth.TestRequests.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.ErrorCode;
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
import software.amazon.awssdk.http.SdkHttpRequest;

/** Requests signed by real clients' signers: the AWS SDK for Java v2, and boto3's way of signing. */
class SigV4SdkSignedRequestsTest {

    static final String ACCESS_KEY_ID = "AKIAKVSEDGEEXAMPLE01";
    static final String SECRET = "kvsEdgeSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Principal AGENT = new Principal("123456789012",
            "arn:aws:iot:us-west-2:123456789012:thing/hub-1");
    static final Instant SIGNED_AT = Instant.parse("2024-05-01T10:00:00Z");
    static final String BODY = "{\"StreamName\":\"front-door\",\"DataRetentionInHours\":24}";
    static final String ENDPOINT = "https://kinesisvideo.us-west-2.amazonaws.com";

    private final Clock signingClock = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    private final SdkSigning sdk = new SdkSigning(ACCESS_KEY_ID, SECRET, "us-west-2", "kinesisvideo", signingClock);
    private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

    private static SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(StaticCredentials.of(new Credential(ACCESS_KEY_ID, SECRET, AGENT)),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SdkHttpRequest createStream() {
        return SdkSigning.http(SdkHttpMethod.POST, ENDPOINT + "/createStream")
                .putHeader("Content-Type", "application/json")
                .putHeader("amz-sdk-invocation-id", "8c7b1e55-2d1a-4d9e-9e38-0d3c5f2e7a11")
                .putHeader("amz-sdk-request", "attempt=1; max=3")
                .build();
    }

    private static SignedRequest withBody(SignedRequest request, String body) {
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), request.headers(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put(name, List.of(value));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    @Test
    void aJsonPostSignedByTheSdkVerifiesAsTheAgentInTheSignedRegion() {
        SignedRequest signed = sdk.signHeader(createStream(), BODY);

        Caller caller = verifier.verify(signed, "kinesisvideo");

        assertThat(signed.header("authorization")).contains("amz-sdk-invocation-id;amz-sdk-request;content-type;"
                + "host;x-amz-content-sha256;x-amz-date");
        assertThat(caller).isEqualTo(new Caller(AGENT, ACCESS_KEY_ID, "us-west-2", "kinesisvideo"));
        assertThat(caller.principal().isAdmin()).isFalse();
    }

    @Test
    void aTamperedBodyIsRefusedBecauseItNoLongerMatchesTheSignedContentHash() {
        SignedRequest tampered = withBody(sdk.signHeader(createStream(), BODY), BODY.replace("24", "2400"));

        assertRefused(() -> verifier.verify(tampered, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void aTamperedSignedHeaderIsRefused() {
        SignedRequest tampered = withHeader(sdk.signHeader(createStream(), BODY), "content-type", "text/plain");

        assertRefused(() -> verifier.verify(tampered, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void aRequestSignedWithTheWrongSecretIsRefused() {
        SdkSigning impostor = new SdkSigning(ACCESS_KEY_ID, "not-the-secret", "us-west-2", "kinesisvideo",
                signingClock);
        SignedRequest signed = impostor.signHeader(createStream(), BODY);

        assertRefused(() -> verifier.verify(signed, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void anUnknownAccessKeyIsNotRecognized() {
        SdkSigning stranger = new SdkSigning("AKIAUNKNOWN000000000", SECRET, "us-west-2", "kinesisvideo",
                signingClock);
        SignedRequest signed = stranger.signHeader(createStream(), BODY);

        assertRefused(() -> verifier.verify(signed, "kinesisvideo"), ErrorCode.UNRECOGNIZED_CLIENT,
                "The security token included in the request is invalid.");
    }

    @Test
    void aSignatureScopedToAnotherServiceIsRefused() {
        SdkSigning kinesis = new SdkSigning(ACCESS_KEY_ID, SECRET, "us-west-2", "kinesis", signingClock);
        SignedRequest signed = kinesis.signHeader(createStream(), BODY);

        assertRefused(() -> verifier.verify(signed, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                "Credential should be scoped to correct service: 'kinesisvideo'. ");
    }

    @Test
    void aSignatureSixteenMinutesOldHasExpired() {
        SignedRequest signed = sdk.signHeader(createStream(), BODY);

        assertRefused(() -> verifierAt(SIGNED_AT.plus(Duration.ofMinutes(16))).verify(signed, "kinesisvideo"),
                ErrorCode.INVALID_SIGNATURE,
                "Signature expired: 20240501T100000Z is now earlier than 20240501T100100Z "
                        + "(20240501T101600Z - 15 min.)");
    }

    @Test
    void aSignatureSixteenMinutesAheadIsNotYetCurrent() {
        SignedRequest signed = sdk.signHeader(createStream(), BODY);

        assertRefused(() -> verifierAt(SIGNED_AT.minus(Duration.ofMinutes(16))).verify(signed, "kinesisvideo"),
                ErrorCode.INVALID_SIGNATURE,
                "Signature not yet current: 20240501T100000Z is still later than 20240501T095900Z "
                        + "(20240501T094400Z + 15 min.)");
    }

    @Test
    void fifteenMinutesOfSkewEitherWayIsTolerated() {
        SignedRequest signed = sdk.signHeader(createStream(), BODY);

        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(15))).verify(signed, "kinesisvideo")).isNotNull();
        assertThat(verifierAt(SIGNED_AT.minus(Duration.ofMinutes(15))).verify(signed, "kinesisvideo")).isNotNull();
    }

    @Test
    void anEncodedPathAndQueryAreCanonicalizedAsTheSdkDoes() {
        SignedRequest signed = sdk.signHeader(SdkSigning.http(SdkHttpMethod.GET,
                ENDPOINT + "/streams/front%20door/tags:list?b=2&a=x%2Fy&a=1&empty=&sp=a%20b")
                .build(), "");

        assertThat(verifier.verify(signed, "kinesisvideo").region()).isEqualTo("us-west-2");
    }

    @Test
    void aStreamedUploadSignedAsUnsignedPayloadVerifiesWithoutItsBody() {
        SignedRequest signed = sdk.signHeaderUnsignedPayload(SdkSigning.http(SdkHttpMethod.POST,
                ENDPOINT + "/putMedia").putHeader("x-amzn-stream-name", "front-door").build(), "");
        SignedRequest streamed = new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), null);

        assertThat(signed.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(verifier.verify(streamed, "kinesisvideo").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void aStreamedBodyWhoseHashWasSignedIsRefusedSinceNothingCouldCheckIt() {
        SignedRequest signed = sdk.signHeader(createStream(), BODY);
        SignedRequest streamed = new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), null);

        refusal(() -> verifier.verify(streamed, "kinesisvideo"), ErrorCode.INCOMPLETE_SIGNATURE);
    }

    @Test
    void aBoto3StyleRequestSigningOnlyContentTypeHostAndDateVerifies() {
        SignedRequest signed = boto3Style(BODY);

        assertThat(signed.headers()).doesNotContainKey("x-amz-content-sha256");
        assertThat(verifier.verify(signed, "kinesisvideo"))
                .isEqualTo(new Caller(AGENT, ACCESS_KEY_ID, "us-west-2", "kinesisvideo"));
    }

    @Test
    void aBoto3StyleRequestWithATamperedBodyIsRefused() {
        SignedRequest tampered = withBody(boto3Style(BODY), BODY.replace("front-door", "back-door"));

        assertRefused(() -> verifier.verify(tampered, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void aPresignedGetFromTheSdkVerifies() {
        SignedRequest presigned = sdk.presign(SdkSigning.http(SdkHttpMethod.GET,
                ENDPOINT + "/getMedia?StreamName=front-door").build(), Duration.ofMinutes(5));

        assertThat(presigned.headers()).doesNotContainKey("authorization");
        assertThat(presigned.rawQuery()).contains("X-Amz-Expires=300").contains("X-Amz-Signature=");
        assertThat(verifier.verify(presigned, "kinesisvideo").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
        assertThat(verifierAt(SIGNED_AT.plus(Duration.ofMinutes(5))).verify(presigned, "kinesisvideo"))
                .isNotNull();
    }

    @Test
    void aPresignedGetPastItsExpiryIsRefused() {
        SignedRequest presigned = sdk.presign(SdkSigning.http(SdkHttpMethod.GET,
                ENDPOINT + "/getMedia?StreamName=front-door").build(), Duration.ofMinutes(5));

        assertRefused(() -> verifierAt(SIGNED_AT.plusSeconds(301)).verify(presigned, "kinesisvideo"),
                ErrorCode.INVALID_SIGNATURE,
                "Signature expired: 20240501T100000Z is now earlier than 20240501T100001Z "
                        + "(20240501T100501Z - 300 sec.)");
    }

    @Test
    void aPresignedGetWithAlteredQueryIsRefused() {
        SignedRequest presigned = sdk.presign(SdkSigning.http(SdkHttpMethod.GET,
                ENDPOINT + "/getMedia?StreamName=front-door").build(), Duration.ofMinutes(5));
        SignedRequest altered = new SignedRequest("GET", presigned.rawPath(),
                presigned.rawQuery().replace("front-door", "back-door"), presigned.headers(), new byte[0]);

        assertRefused(() -> verifier.verify(altered, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void aPresignedLifetimeOverAWeekIsRefused() {
        SignedRequest presigned = sdk.presign(SdkSigning.http(SdkHttpMethod.GET,
                ENDPOINT + "/getMedia?StreamName=front-door").build(), Duration.ofMinutes(5));
        SignedRequest stretched = new SignedRequest("GET", presigned.rawPath(),
                presigned.rawQuery().replace("X-Amz-Expires=300", "X-Amz-Expires=604801"), presigned.headers(),
                new byte[0]);

        assertRefused(() -> verifier.verify(stretched, "kinesisvideo"), ErrorCode.INCOMPLETE_SIGNATURE,
                "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
                        + "less than 604800 seconds");
    }

    /** What boto3 sends for a kinesisvideo call: no x-amz-content-sha256, three signed headers. */
    private static SignedRequest boto3Style(String body) {
        String amzDate = "20240501T100000Z";
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("content-type", new ArrayList<>(List.of("application/json")));
        headers.put("user-agent", new ArrayList<>(List.of("Boto3/1.34.0 md/Botocore#1.34.0")));
        headers.put("x-amz-date", new ArrayList<>(List.of(amzDate)));
        headers.put("host", new ArrayList<>(List.of("kinesisvideo.us-west-2.amazonaws.com")));
        List<String> signedHeaders = List.of("content-type", "host", "x-amz-date");
        ReferenceSigner signer = new ReferenceSigner(ACCESS_KEY_ID, SECRET, "us-west-2", "kinesisvideo");
        String signature = signer.signature("POST", "/createStream", null, headers, signedHeaders,
                ReferenceSigner.sha256Hex(body.getBytes(StandardCharsets.UTF_8)), amzDate);
        headers.put("authorization", List.of(signer.authorization(signedHeaders, signature, amzDate)));
        return new SignedRequest("POST", "/createStream", null, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
