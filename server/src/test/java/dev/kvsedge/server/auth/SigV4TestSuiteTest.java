package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Requests from AWS's SigV4 test suite (awslabs/aws-c-auth tests/aws-signing-test-suite/v4, the successor of
 * the suite once published in the AWS General Reference), with AWS's expected signatures. The suite signs for
 * service "service" at 20150830T123600Z with AWS's example key pair.
 *
 * <p>Only cases whose path is plain ASCII are used: the suite signs unencoded paths such as "/ሴ", while this
 * verifier sees the path as sent on the wire (already percent-encoded) and encodes it once more, as AWS does
 * for every service but S3.
 */
class SigV4TestSuiteTest {

    static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final String SCOPE = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";
    static final Principal PRINCIPAL = new Principal("111122223333", null);

    private final SigV4Verifier verifier = new SigV4Verifier(
            StaticCredentials.of(new Credential(ACCESS_KEY_ID, SECRET, PRINCIPAL)),
            Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));

    private static TestRequests vanilla(String method, String rawPath) {
        return request(method, rawPath).header("Host", "example.amazonaws.com")
                .header("X-Amz-Date", "20150830T123600Z");
    }

    private static String authorization(String signedHeaders, String signature) {
        return "AWS4-HMAC-SHA256 Credential=" + SCOPE + ", SignedHeaders=" + signedHeaders + ", Signature="
                + signature;
    }

    @Test
    void getVanillaVerifiesAndNamesTheCaller() {
        SignedRequest signed = vanilla("GET", "/")
                .header("Authorization", authorization("host;x-amz-date",
                        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"))
                .build();

        Caller caller = verifier.verify(signed, "service");

        assertThat(caller).isEqualTo(new Caller(PRINCIPAL, ACCESS_KEY_ID, "us-east-1", "service"));
    }

    @Test
    void getVanillaWithOneSignatureDigitChangedIsRefused() {
        SignedRequest signed = vanilla("GET", "/")
                .header("Authorization", authorization("host;x-amz-date",
                        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf32"))
                .build();

        TestRequests.assertRefused(() -> verifier.verify(signed, "service"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void queryParametersAreSortedBeforeSigning() {
        SignedRequest signed = vanilla("GET", "/").query("Param2=value2&Param1=value1")
                .header("Authorization", authorization("host;x-amz-date",
                        "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"))
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void unreservedCharactersInTheQueryStayAsTheyAre() {
        String unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SignedRequest signed = vanilla("GET", "/").query(unreserved + "=" + unreserved)
                .header("Authorization", authorization("host;x-amz-date",
                        "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"))
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void aUtf8QueryNameIsSignedInItsPercentEncodedForm() {
        SignedRequest signed = vanilla("GET", "/").query("%E1%88%B4=bar")
                .header("Authorization", authorization("host;x-amz-date",
                        "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"))
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void aQueryParameterWithAValueVerifies() {
        SignedRequest signed = vanilla("GET", "/").query("Param1=value1")
                .header("Authorization", authorization("host;x-amz-date",
                        "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"))
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void repeatedHeadersAreJoinedWithCommasInArrivalOrder() {
        SignedRequest duplicate = vanilla("GET", "/")
                .header("My-Header1", "value2").header("My-Header1", "value2").header("My-Header1", "value1")
                .header("Authorization", authorization("host;my-header1;x-amz-date",
                        "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"))
                .build();
        SignedRequest order = vanilla("GET", "/")
                .header("My-Header1", "value4").header("My-Header1", "value1")
                .header("My-Header1", "value3").header("My-Header1", "value2")
                .header("Authorization", authorization("host;my-header1;x-amz-date",
                        "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"))
                .build();

        assertThat(verifier.verify(duplicate, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
        assertThat(verifier.verify(order, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void headerValuesAreTrimmedAndInnerSpacesCollapsed() {
        SignedRequest signed = vanilla("GET", "/")
                .header("My-Header1", " value1 ").header("My-Header2", " \"a   b   c\"")
                .header("Authorization", authorization("host;my-header1;my-header2;x-amz-date",
                        "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"))
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void postVanillaHashesTheEmptyBody() {
        SignedRequest signed = vanilla("POST", "/")
                .header("Authorization", authorization("host;x-amz-date",
                        "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"))
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void aFormPostWithItsSignedContentHashVerifies() {
        SignedRequest signed = request("POST", "/")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Host", "example.amazonaws.com")
                .header("Content-Length", "13")
                .header("x-amz-content-sha256", "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
                .header("X-Amz-Date", "20150830T123600Z")
                .header("Authorization", authorization(
                        "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                        "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"))
                .body("Param1=value1")
                .build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo(ACCESS_KEY_ID);
    }

    @Test
    void presignedGetWithQueryParametersVerifies() {
        SignedRequest signed = vanilla("GET", "/")
                .query("Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                        + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                        + "&X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5")
                .build();

        assertThat(verifier.verify(signed, "service").region()).isEqualTo("us-east-1");
    }

    @Test
    void presignedPostVerifies() {
        SignedRequest signed = vanilla("POST", "/")
                .query("X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                        + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                        + "&X-Amz-Signature=2ce6e6d2e0cf2f9d1b55fafec88cd20574c31dc2e7631979f71ba2310083e95b")
                .build();

        assertThat(verifier.verify(signed, "service").region()).isEqualTo("us-east-1");
    }

    @Test
    void presignedGetWithUnreservedQueryVerifies() {
        String unreserved = "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SignedRequest signed = vanilla("GET", "/")
                .query(unreserved + "=" + unreserved + "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
                        + "&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request"
                        + "&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Expires=3600"
                        + "&X-Amz-Signature=8e76a88a7433637b12778d5592799b29ad21ecd6cf6325051c21d86f0acda2bf")
                .build();

        assertThat(verifier.verify(signed, "service").region()).isEqualTo("us-east-1");
    }
}
