package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed by the SDK-free {@link SigV4Signer} of the model module are accepted by the verifier, carry
 * the very headers the AWS SDK for Java v2's {@link AwsV4HttpSigner} produces for the same request, and are
 * refused once tampered with.
 *
 * <p>The SDK signer is configured as kinesisvideo clients use it, in the header: it always adds and signs
 * x-amz-content-sha256 there, with the body's hash when PAYLOAD_SIGNING_ENABLED (or the request is plain
 * HTTP) and UNSIGNED-PAYLOAD otherwise; it signs host, x-amz-date and every header of the request, and encodes
 * the path twice (DOUBLE_URL_ENCODE). Query strings are given in canonical encoding (a space as %20, '+' as
 * %2B) because the SDK rewrites the query of the URI it is handed, decoding a '+' to a space, where an HTTP
 * client sends the query as given.
 */
class SigV4SignerRoundTripTest {

    static final String ACCESS_KEY_ID = "AKIAKVSEDGEROUNDTRIP";
    static final String SECRET = "kvsEdgeSecret/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Principal ADMIN = new Principal("123456789012", null);
    static final Instant SIGNED_AT = Instant.parse("2024-05-01T10:00:00Z");
    static final String ENDPOINT = "https://kinesisvideo.us-west-2.amazonaws.com";
    static final String JSON = "{\"StreamName\":\"front-door\",\"DataRetentionInHours\":24}";

    private final Clock clock = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    private final SigV4Signer signer = new SigV4Signer(ACCESS_KEY_ID, SECRET, clock);
    private final SigV4Verifier verifier = new SigV4Verifier(
            StaticCredentials.of(new Credential(ACCESS_KEY_ID, SECRET, ADMIN)), clock);

    /** One request; {@code body} null means streamed later, signed as UNSIGNED-PAYLOAD. */
    record Case(String name, String method, String uri, String region, Map<String, String> headers, byte[] body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        byte[] binary = new byte[4096];
        new Random(42).nextBytes(binary);
        return Stream.of(
                new Case("GET without query", "GET", ENDPOINT + "/", "us-west-2", Map.of(), new byte[0]),
                new Case("GET with an empty path and a query", "GET", ENDPOINT + "?b=2&a=1", "us-west-2", Map.of(),
                        new byte[0]),
                new Case("GET with encoded query values", "GET",
                        ENDPOINT + "/listStreams?NextToken=abc%2Fdef%3D%3D&MaxResults=10&Name=a%20b%2Bc&flag",
                        "us-west-2", Map.of(), new byte[0]),
                new Case("GET with repeated query names", "GET", ENDPOINT + "/getMedia?z=1&a=x%2Fy&a=%20&a=~",
                        "us-west-2", Map.of(), new byte[0]),
                new Case("POST JSON", "POST", ENDPOINT + "/createStream", "us-west-2",
                        Map.of("Content-Type", "application/json"), utf8(JSON)),
                new Case("POST to an encoded path", "POST", ENDPOINT + "/a%20b/c:d/%E1%88%B4/x%2Fy?q=%E2%82%AC",
                        "us-west-2", Map.of("content-type", "application/json"), utf8("{}")),
                new Case("POST to a local port over HTTP with extra headers", "POST",
                        "http://127.0.0.1:8080/describeStream", "eu-central-1",
                        Map.of("Content-Type", "application/json", "X-Amz-Target", "  kvs.Describe   Stream ",
                                "amz-sdk-request", "attempt=1; max=3"),
                        utf8("{\"StreamName\":\"caf\u00e9\"}")),
                new Case("PUT of a binary body", "PUT", ENDPOINT + "/upload/part%201?partNumber=1", "us-west-2",
                        Map.of("Content-Type", "application/octet-stream"), binary),
                new Case("POST with an unsigned streamed payload", "POST", ENDPOINT + "/putMedia", "us-west-2",
                        Map.of("Content-Type", "video/webm", "x-amzn-stream-name", "front-door",
                                "x-amzn-fragment-timecode-type", "ABSOLUTE"),
                        null),
                new Case("GET with an unsigned payload on a non-default HTTPS port", "GET",
                        "https://edge.example.com:8443/getMedia?StreamName=front-door", "us-east-1", Map.of(),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theVerifierAcceptsWhatTheSignerSigns(Case c) {
        SignedRequest request = received(c, sign(signer, c));

        assertThat(verifier.verify(request, "kinesisvideo"))
                .isEqualTo(new Caller(ADMIN, ACCESS_KEY_ID, c.region(), "kinesisvideo"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theSignerAddsTheHeadersTheSdkSignerAdds(Case c) {
        Map<String, String> ours = sign(signer, c);

        assertThat(ours).isEqualTo(sdkSign(c));
        assertThat(ours.get("x-amz-content-sha256"))
                .isEqualTo(c.body() == null ? "UNSIGNED-PAYLOAD" : ReferenceSigner.sha256Hex(c.body()));
    }

    @Test
    void aTamperedBodyIsRefused() {
        Case c = cases().filter(x -> x.name().equals("POST JSON")).findFirst().orElseThrow();
        SignedRequest signed = received(c, sign(signer, c));
        SignedRequest tampered = new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), utf8(JSON.replace("24", "2400")));

        assertRefused(() -> verifier.verify(tampered, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void aTamperedSignedHeaderQueryOrPathIsRefused() {
        Case c = cases().filter(x -> x.name().equals("POST to an encoded path")).findFirst().orElseThrow();
        SignedRequest signed = received(c, sign(signer, c));
        Map<String, List<String>> otherType = new LinkedHashMap<>(signed.headers());
        otherType.put("content-type", List.of("text/plain"));

        List<SignedRequest> tampered = List.of(
                new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), otherType, signed.body()),
                new SignedRequest(signed.method(), signed.rawPath(), "q=%E2%82%AC%E2%82%AC", signed.headers(),
                        signed.body()),
                new SignedRequest(signed.method(), signed.rawPath().replace("c:d", "c%3Ad"), signed.rawQuery(),
                        signed.headers(), signed.body()),
                new SignedRequest("PUT", signed.rawPath(), signed.rawQuery(), signed.headers(), signed.body()));
        for (SignedRequest request : tampered) {
            assertRefused(() -> verifier.verify(request, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                    AuthErrors.SIGNATURE_MISMATCH);
        }
    }

    @Test
    void anUnsignedPayloadCannotBeTurnedIntoASignedOne() {
        Case c = cases().filter(x -> x.body() == null).findFirst().orElseThrow();
        SignedRequest signed = received(c, sign(signer, c));
        Map<String, List<String>> claimed = new LinkedHashMap<>(signed.headers());
        claimed.put("x-amz-content-sha256", List.of(ReferenceSigner.sha256Hex(utf8("forged"))));
        SignedRequest forged = new SignedRequest(signed.method(), signed.rawPath(), signed.rawQuery(), claimed,
                utf8("forged"));

        assertRefused(() -> verifier.verify(forged, "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void aSignerWithTheWrongSecretIsRefused() {
        Case c = cases().findFirst().orElseThrow();
        SigV4Signer impostor = new SigV4Signer(ACCESS_KEY_ID, SECRET + "x", clock);

        assertRefused(() -> verifier.verify(received(c, sign(impostor, c)), "kinesisvideo"),
                ErrorCode.INVALID_SIGNATURE, AuthErrors.SIGNATURE_MISMATCH);
    }

    private static Map<String, String> sign(SigV4Signer signer, Case c) {
        URI uri = URI.create(c.uri());
        return c.body() == null
                ? signer.signUnsignedPayload(c.method(), uri, c.region(), "kinesisvideo", c.headers())
                : signer.sign(c.method(), uri, c.region(), "kinesisvideo", c.headers(), c.body());
    }

    /** What the server receives: the caller's headers and the signer's, names lower-cased by the transport. */
    private static SignedRequest received(Case c, Map<String, String> added) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        c.headers().forEach((name, value) -> headers
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value));
        added.forEach((name, value) -> headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(value));
        URI uri = URI.create(c.uri());
        return new SignedRequest(c.method(), uri.getRawPath(), uri.getRawQuery(), headers, c.body());
    }

    /** The SDK's host, x-amz-date, x-amz-content-sha256 and authorization headers for the same request. */
    private Map<String, String> sdkSign(Case c) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(c.method()))
                .uri(URI.create(c.uri()));
        c.headers().forEach(http::putHeader);
        byte[] payload = c.body() == null ? utf8("streamed later") : c.body();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(ACCESS_KEY_ID, SECRET))
                .request(http.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesisvideo")
                .putProperty(AwsV4HttpSigner.REGION_NAME, c.region())
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.HEADER)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, c.body() != null)
                .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, false)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, true)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, true)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
        Map<String, String> added = new LinkedHashMap<>();
        for (String name : List.of("host", "x-amz-date", "x-amz-content-sha256", "authorization")) {
            added.put(name, signed.firstMatchingHeader(name).orElse(null));
        }
        return added;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
