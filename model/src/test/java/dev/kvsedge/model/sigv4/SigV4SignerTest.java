package dev.kvsedge.model.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The signer against AWS's SigV4 test suite (awslabs/aws-c-auth tests/aws-signing-test-suite/v4, service
 * "service" at 20150830T123600Z with AWS's example key pair) and the AWS General Reference's IAM example.
 *
 * <p>{@link SigV4Signer#sign} always signs x-amz-content-sha256, which only the suite's form-POST case does;
 * the others go through the signer's own signing step with the suite's header sets. That the SDK signs the
 * same way for the signer's header set is shown in the server's SigV4SignerRoundTripTest.
 */
class SigV4SignerTest {

    static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String AMZ_DATE = "20150830T123600Z";
    static final Clock SUITE_CLOCK = Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC);
    static final String EMPTY_HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final SigV4Signer signer = new SigV4Signer(ACCESS_KEY_ID, SECRET, SUITE_CLOCK);

    /** The suite's host and date headers plus {@code extra}; signs every header given. */
    private String suiteSignature(String method, String rawQuery, Map<String, List<String>> extra,
            String payloadHash) {
        Map<String, List<String>> headers = new TreeMap<>(extra);
        headers.put("host", List.of("example.amazonaws.com"));
        headers.put("x-amz-date", List.of(AMZ_DATE));
        return signer.signature(method, "/", rawQuery, headers, String.join(";", headers.keySet()), payloadHash,
                AMZ_DATE, "us-east-1", "service");
    }

    private String suiteSignature(String method, String rawQuery) {
        return suiteSignature(method, rawQuery, Map.of(), EMPTY_HASH);
    }

    @Test
    void theSuitesGetAndPostVectorsAreReproduced() {
        assertThat(suiteSignature("GET", null))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        assertThat(suiteSignature("POST", null))
                .isEqualTo("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
    }

    @Test
    void theSuitesQueryVectorsAreReproduced() {
        String unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        assertThat(suiteSignature("GET", "Param2=value2&Param1=value1"))
                .isEqualTo("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
        assertThat(suiteSignature("GET", "Param1=value1"))
                .isEqualTo("a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb");
        assertThat(suiteSignature("GET", unreserved + "=" + unreserved))
                .isEqualTo("9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197");
        assertThat(suiteSignature("GET", "%E1%88%B4=bar"))
                .isEqualTo("2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04");
    }

    @Test
    void theSuitesHeaderVectorsAreReproduced() {
        assertThat(suiteSignature("GET", null, Map.of("my-header1", List.of("value2", "value2", "value1")),
                EMPTY_HASH)).isEqualTo("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea");
        assertThat(suiteSignature("GET", null, Map.of("my-header1", List.of("value4", "value1", "value3",
                "value2")), EMPTY_HASH)).isEqualTo("08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01");
        assertThat(suiteSignature("GET", null, Map.of("my-header1", List.of(" value1 "),
                "my-header2", List.of(" \"a   b   c\"")), EMPTY_HASH))
                .isEqualTo("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736");
    }

    @Test
    void theSuitesFormPostIsSignedEndToEnd() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Content-Length", "13");

        Map<String, String> added = signer.sign("POST", URI.create("https://example.amazonaws.com/"), "us-east-1",
                "service", headers, "Param1=value1".getBytes(StandardCharsets.UTF_8));

        assertThat(added).containsExactly(
                Map.entry("host", "example.amazonaws.com"),
                Map.entry("x-amz-date", AMZ_DATE),
                Map.entry("x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e"),
                Map.entry("authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                        + "aws4_request, SignedHeaders=content-length;content-type;host;x-amz-content-sha256;"
                        + "x-amz-date, Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"));
    }

    @Test
    void anEmptyPathIsSignedAsSlash() {
        Map<String, String> headers = Map.of("content-type", "application/x-www-form-urlencoded",
                "content-length", "13");
        byte[] body = "Param1=value1".getBytes(StandardCharsets.UTF_8);

        assertThat(signer.sign("POST", URI.create("https://example.amazonaws.com"), "us-east-1", "service",
                headers, body)).isEqualTo(signer.sign("POST", URI.create("https://example.amazonaws.com/"),
                        "us-east-1", "service", headers, body));
    }

    @Test
    void theIamListUsersExampleOfTheGeneralReferenceIsReproduced() {
        Map<String, List<String>> headers = new TreeMap<>();
        headers.put("content-type", List.of("application/x-www-form-urlencoded; charset=utf-8"));
        headers.put("host", List.of("iam.amazonaws.com"));
        headers.put("x-amz-date", List.of(AMZ_DATE));

        String canonical = SigV4Signer.canonicalRequest("GET", "/", "Action=ListUsers&Version=2010-05-08", headers,
                "content-type;host;x-amz-date", EMPTY_HASH).toString();

        assertThat(SigV4.sha256Hex(canonical.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
        assertThat(signer.signature("GET", "/", "Action=ListUsers&Version=2010-05-08", headers,
                "content-type;host;x-amz-date", EMPTY_HASH, AMZ_DATE, "us-east-1", "iam"))
                .isEqualTo("5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
    }

    @Test
    void anUnsignedPayloadIsDeclaredAndSignedAsSuch() {
        URI uri = URI.create("https://example.amazonaws.com/putMedia?a=1");
        Map<String, String> headers = Map.of("content-type", "video/webm");

        Map<String, String> added = signer.signUnsignedPayload("POST", uri, "us-east-1", "service", headers);

        assertThat(added.get("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
        Map<String, List<String>> signed = new TreeMap<>();
        signed.put("content-type", List.of("video/webm"));
        signed.put("host", List.of("example.amazonaws.com"));
        signed.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));
        signed.put("x-amz-date", List.of(AMZ_DATE));
        assertThat(added.get("authorization")).endsWith("SignedHeaders=content-type;host;x-amz-content-sha256;"
                + "x-amz-date, Signature=" + signer.signature("POST", "/putMedia", "a=1", signed,
                        "content-type;host;x-amz-content-sha256;x-amz-date", "UNSIGNED-PAYLOAD", AMZ_DATE, "us-east-1",
                        "service"));
        assertThat(added.get("authorization")).isNotEqualTo(signer.sign("POST", uri, "us-east-1", "service",
                headers, new byte[0]).get("authorization"));
    }

    @Test
    void theDateAndScopeFollowTheClock() {
        SigV4Signer later = new SigV4Signer(ACCESS_KEY_ID, SECRET,
                Clock.fixed(Instant.parse("2024-05-01T23:59:59.999Z"), ZoneOffset.UTC));

        Map<String, String> added = later.sign("GET", URI.create("https://kinesisvideo.eu-west-1.amazonaws.com/"),
                "eu-west-1", "kinesisvideo", Map.of(), new byte[0]);

        assertThat(added.get("x-amz-date")).isEqualTo("20240501T235959Z");
        assertThat(added.get("x-amz-content-sha256")).isEqualTo(EMPTY_HASH);
        assertThat(added.get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/"
                + "eu-west-1/kinesisvideo/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, ");
    }

    @Test
    void theHostKeepsOnlyANonDefaultPort() {
        assertThat(SigV4Signer.host(URI.create("https://example.com/"))).isEqualTo("example.com");
        assertThat(SigV4Signer.host(URI.create("https://example.com:443/"))).isEqualTo("example.com");
        assertThat(SigV4Signer.host(URI.create("http://example.com:80"))).isEqualTo("example.com");
        assertThat(SigV4Signer.host(URI.create("http://example.com:443/"))).isEqualTo("example.com:443");
        assertThat(SigV4Signer.host(URI.create("HTTPS://127.0.0.1:8443/x"))).isEqualTo("127.0.0.1:8443");
        assertThat(SigV4Signer.host(URI.create("http://[::1]:8080/"))).isEqualTo("[::1]:8080");
    }

    @Test
    void whatCannotBeSignedFaithfullyIsRefused() {
        URI uri = URI.create("https://example.com/");
        byte[] body = new byte[0];
        assertThatThrownBy(() -> signer.sign("GET", URI.create("/relative"), "us-east-1", "service", Map.of(), body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign("GET", URI.create("ftp://example.com/"), "us-east-1", "service",
                Map.of(), body)).isInstanceOf(IllegalArgumentException.class);
        for (String own : List.of("Host", "X-Amz-Date", "x-amz-content-sha256", "Authorization")) {
            assertThatThrownBy(() -> signer.sign("GET", uri, "us-east-1", "service", Map.of(own, "x"), body))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set by the signer");
        }
        assertThatThrownBy(() -> signer.sign("GET", uri, "us-east-1", "service",
                Map.of("Content-Type", "a", "content-type", "b"), body))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> signer.sign("GET", uri, "us-east-1", "service", Map.of("a b", "x"), body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign("GET", uri, "us-east-1", "service", Map.of("x-a", "1\r\nx-b: 2"),
                body)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign("GET", uri, "us/east", "service", Map.of(), body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign("GET", uri, "us-east-1", "", Map.of(), body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign("GET /x", uri, "us-east-1", "service", Map.of(), body))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SigV4Signer("AKID/X", SECRET, SUITE_CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SigV4Signer(ACCESS_KEY_ID, "", SUITE_CLOCK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theReturnedHeadersCannotBeChanged() {
        Map<String, String> added = signer.sign("GET", URI.create("https://example.com/"), "us-east-1", "service",
                Map.of(), new byte[0]);

        assertThatThrownBy(() -> added.put("host", "elsewhere")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSignerPrintsItsKeyIdButNeverItsSecret() {
        assertThat(signer.toString()).contains(ACCESS_KEY_ID).doesNotContain(SECRET).doesNotContain("K7MDENG");
        assertThatThrownBy(() -> signer.sign("GET", URI.create("https://example.com/"), "us-east-1", "service",
                Map.of("x-bad", "a\nb"), new byte[0])).message().doesNotContain(SECRET);
    }
}
