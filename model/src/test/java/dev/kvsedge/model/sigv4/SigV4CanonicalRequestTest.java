package dev.kvsedge.model.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical form the verifier and the signer share, piece by piece. */
class SigV4CanonicalRequestTest {

    private static final Map<String, List<String>> HOST = Map.of("host", List.of("example.amazonaws.com"));

    private static String path(String rawPath) {
        StringBuilder out = new StringBuilder();
        AwsUriEncoding.appendCanonicalPath(out, rawPath);
        return out.toString();
    }

    private static String query(String rawQuery, String excluded) {
        StringBuilder out = new StringBuilder();
        QueryString.parse(rawQuery).appendCanonical(out, excluded);
        return out.toString();
    }

    private static String value(String value) {
        StringBuilder out = new StringBuilder();
        CanonicalRequest.appendValue(out, value);
        return out.toString();
    }

    @Test
    void theAwsTestSuiteGetVanillaCanonicalRequestIsReproduced() {
        Map<String, List<String>> headers = new LinkedHashMap<>(HOST);
        headers.put("x-amz-date", List.of("20150830T123600Z"));

        String canonical = CanonicalRequest.withoutPayload("GET", "/", QueryString.parse(null), null, headers,
                "host;x-amz-date").append(SigV4.sha256Hex(new byte[0])).toString();

        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
                + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(SigV4.stringToSign("20150830T123600Z", "20150830/us-east-1/service/aws4_request", canonical))
                .isEqualTo("AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    }

    @Test
    void thePathAsSentIsEncodedOnceMoreWithSlashesKept() {
        assertThat(path("")).isEqualTo("/");
        assertThat(path("/")).isEqualTo("/");
        assertThat(path("/createStream")).isEqualTo("/createStream");
        assertThat(path("/a%20b/c:d")).isEqualTo("/a%2520b/c%3Ad");
        assertThat(path("/-._~/x+y=z")).isEqualTo("/-._~/x%2By%3Dz");
        assertThat(path("/\u1234")).isEqualTo("/%E1%88%B4");
    }

    @Test
    void queryComponentsAreDecodedThenEncodedAndSortedByNameThenValue() {
        assertThat(query("b=2&a=x%2Fy&a=%20&c=+&d", null)).isEqualTo("a=%20&a=x%2Fy&b=2&c=%2B&d=");
        assertThat(query("a=x/y&a=%7e&a=%7E", null)).isEqualTo("a=x%2Fy&a=~&a=~");
        assertThat(query("p=100%", null)).isEqualTo("p=100%25");
        assertThat(query("Param2=value2&Param1=value1", null)).isEqualTo("Param1=value1&Param2=value2");
        assertThat(query("X-Amz-Signature=abc&b=1&&a=", "X-Amz-Signature")).isEqualTo("a=&b=1");
        assertThat(query(null, null)).isEmpty();
        assertThat(query("", null)).isEmpty();
    }

    @Test
    void queryParametersAreReadDecoded() {
        QueryString query = QueryString.parse("X-Amz-Credential=AKID%2F20150830%2Fus-east-1&flag&s=a%20b");

        assertThat(query.get("X-Amz-Credential")).isEqualTo("AKID/20150830/us-east-1");
        assertThat(query.get("flag")).isEmpty();
        assertThat(query.get("s")).isEqualTo("a b");
        assertThat(query.contains("missing")).isFalse();
        assertThat(query.isEmpty()).isFalse();
        assertThat(QueryString.parse(null).isEmpty()).isTrue();
    }

    @Test
    void headerValuesAreTrimmedAndInnerWhitespaceCollapsed() {
        assertThat(value(" value1 ")).isEqualTo("value1");
        assertThat(value(" \"a   b   c\"")).isEqualTo("\"a b c\"");
        assertThat(value("\ta\t \tb\r\n")).isEqualTo("a b");
        assertThat(value("   ")).isEmpty();
        assertThat(value("")).isEmpty();
    }

    @Test
    void repeatedHeadersAreJoinedInArrivalOrderAndSignedNamesAreLowerCased() {
        Map<String, List<String>> headers = new LinkedHashMap<>(HOST);
        headers.put("my-header1", List.of("value4", " value1 ", "value3"));

        String canonical = CanonicalRequest.withoutPayload("GET", "/", QueryString.parse(null), null, headers,
                "Host;My-Header1").toString();

        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value4,value1,value3\n\n"
                + "Host;My-Header1\n");
    }

    @Test
    void http2AuthorityIsSignedAsHost() {
        Map<String, List<String>> headers = Map.of(":authority", List.of("example.amazonaws.com:8443"));

        String canonical = CanonicalRequest.withoutPayload("GET", "/", QueryString.parse(null), null, headers,
                "host").toString();

        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com:8443\n\nhost\n");
    }
}
