package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.assertRefused;
import static dev.kvsedge.server.auth.TestRequests.refusal;
import static dev.kvsedge.server.auth.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How the verifier reads, tolerates and refuses Authorization headers and presigned queries, using the
 * get-vanilla request of AWS's test suite as the well-formed baseline.
 */
class SigV4MalformedRequestsTest {

    static final String SIGNATURE = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
    static final String CREDENTIAL = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

    private final SigV4Verifier verifier = new SigV4Verifier(
            StaticCredentials.of(new Credential(SigV4TestSuiteTest.ACCESS_KEY_ID, SigV4TestSuiteTest.SECRET,
                    SigV4TestSuiteTest.PRINCIPAL)),
            Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));

    private static SignedRequest vanilla(String authorization) {
        return request("GET", "/").header("Host", "example.amazonaws.com").header("X-Amz-Date", "20150830T123600Z")
                .header("Authorization", authorization).build();
    }

    @Test
    void aRequestWithoutAnySignatureIsMissingItsToken() {
        SignedRequest unsigned = request("GET", "/").header("Host", "example.amazonaws.com").query("a=1").build();

        assertRefused(() -> verifier.verify(unsigned, "service"), ErrorCode.MISSING_AUTHENTICATION_TOKEN,
                "Missing Authentication Token");
    }

    @Test
    void parametersSeparatedByCommasOrSpacesAlikeAreRead() {
        String[] spellings = {
                "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ",SignedHeaders=host;x-amz-date,Signature=" + SIGNATURE,
                "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + " SignedHeaders=host;x-amz-date Signature=" + SIGNATURE,
                "  AWS4-HMAC-SHA256   Signature=" + SIGNATURE + " ,  SignedHeaders=host;x-amz-date,Credential="
                        + CREDENTIAL + "  ",
        };
        for (String authorization : spellings) {
            assertThat(verifier.verify(vanilla(authorization), "service").accessKeyId()).isEqualTo("AKIDEXAMPLE");
        }
    }

    @Test
    void missingParametersAreAllNamedWithoutRepeatingTheHeader() {
        String authorization = "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL + ", Signature=" + SIGNATURE;

        String message = refusal(() -> verifier.verify(vanilla(authorization), "service"),
                ErrorCode.INCOMPLETE_SIGNATURE).getMessage();

        assertThat(message).isEqualTo("Authorization header requires 'SignedHeaders' parameter. "
                + "(Hashed with SHA-256 and encoded with Base64) Authorization="
                + AuthErrors.hashedAuthorization(authorization));
        assertThat(message).doesNotContain(SIGNATURE);
    }

    @Test
    void aRequestWithoutAnyDateIsIncomplete() {
        SignedRequest undated = request("GET", "/").header("Host", "example.amazonaws.com")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                        + ", SignedHeaders=host, Signature=" + SIGNATURE)
                .build();

        assertThat(refusal(() -> verifier.verify(undated, "service"), ErrorCode.INCOMPLETE_SIGNATURE).getMessage())
                .startsWith("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }

    @Test
    void aBearerTokenIsIncompleteAndNotRepeated() {
        SignedRequest bearer = vanilla("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2VjcmV0");

        String message = refusal(() -> verifier.verify(bearer, "service"), ErrorCode.INCOMPLETE_SIGNATURE)
                .getMessage();

        assertThat(message).startsWith("Invalid key=value pair (missing equal-sign) in Authorization header")
                .doesNotContain("eyJ");
    }

    @Test
    void anotherAlgorithmIsUnsupported() {
        SignedRequest sha512 = vanilla("AWS4-HMAC-SHA512 Credential=" + CREDENTIAL
                + ", SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE);

        assertRefused(() -> verifier.verify(sha512, "service"), ErrorCode.INCOMPLETE_SIGNATURE,
                "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ");
    }

    @Test
    void aCredentialWithoutFiveElementsIsIncompleteAndNotRepeated() {
        SignedRequest shortScope = vanilla("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service, "
                + "SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE);

        assertRefused(() -> verifier.verify(shortScope, "service"), ErrorCode.INCOMPLETE_SIGNATURE,
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                        + "got 4.");
    }

    @Test
    void aScopeNotEndingInAws4RequestIsRefused() {
        SignedRequest badTerminator = vanilla("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
                + "aws5_request, SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE);

        assertRefused(() -> verifier.verify(badTerminator, "service"), ErrorCode.INVALID_SIGNATURE,
                "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
    }

    @Test
    void aScopeDateOtherThanTheRequestDateIsRefused() {
        SignedRequest otherDay = vanilla("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/service/"
                + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE);

        assertRefused(() -> verifier.verify(otherDay, "service"), ErrorCode.INVALID_SIGNATURE,
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                        + "'20150831' != '20150830', from '20150830T123600Z'. ");
    }

    @Test
    void everyScopeFaultIsReportedAtOnce() {
        SignedRequest allWrong = vanilla("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/kinesis/"
                + "aws5_request, SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE);

        assertRefused(() -> verifier.verify(allWrong, "service"), ErrorCode.INVALID_SIGNATURE,
                "Credential should be scoped to correct service: 'service'. "
                        + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "
                        + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                        + "HTTP: '20150831' != '20150830', from '20150830T123600Z'. ");
    }

    @Test
    void aSignatureThatLeavesOutHostIsRefused() {
        SignedRequest hostless = vanilla("AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                + ", SignedHeaders=x-amz-date, Signature=" + SIGNATURE);

        assertRefused(() -> verifier.verify(hostless, "service"), ErrorCode.INVALID_SIGNATURE,
                "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void aDateNotInBasicIsoFormIsIncomplete() {
        SignedRequest extended = request("GET", "/").header("Host", "example.amazonaws.com")
                .header("X-Amz-Date", "2015-08-30T12:36:00Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                        + ", SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE)
                .build();

        assertRefused(() -> verifier.verify(extended, "service"), ErrorCode.INCOMPLETE_SIGNATURE,
                "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. "
                        + "See http://en.wikipedia.org/wiki/ISO_8601");
    }

    @Test
    void theDateHeaderStandsInForXAmzDate() {
        // Signed by ReferenceSigner with "date" signed instead of "x-amz-date"; the string to sign uses the
        // ISO basic form of the Date header's time.
        ReferenceSigner signer = new ReferenceSigner("AKIDEXAMPLE", SigV4TestSuiteTest.SECRET, "us-east-1",
                "service");
        TestRequests builder = request("GET", "/").header("Host", "example.amazonaws.com")
                .header("Date", "Sun, 30 Aug 2015 12:36:00 GMT");
        String signature = signer.signature("GET", "/", null, builder.build().headers(),
                List.of("date", "host"), ReferenceSigner.sha256Hex(new byte[0]), "20150830T123600Z");
        SignedRequest signed = builder.header("Authorization",
                signer.authorization(List.of("date", "host"), signature, "20150830T123600Z")).build();

        assertThat(verifier.verify(signed, "service").accessKeyId()).isEqualTo("AKIDEXAMPLE");
    }

    @Test
    void aSignatureInBothHeaderAndQueryIsRefused() {
        SignedRequest both = request("GET", "/").query("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .header("Host", "example.amazonaws.com").header("X-Amz-Date", "20150830T123600Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                        + ", SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE)
                .build();

        assertRefused(() -> verifier.verify(both, "service"), ErrorCode.INVALID_SIGNATURE,
                "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
    }

    @Test
    void aPresignedQueryMissingParametersNamesThem() {
        SignedRequest partial = request("GET", "/").header("Host", "example.amazonaws.com")
                .query("X-Amz-Signature=" + SIGNATURE + "&X-Amz-Date=20150830T123600Z").build();

        assertRefused(() -> verifier.verify(partial, "service"), ErrorCode.INCOMPLETE_SIGNATURE,
                "AWS query-string parameters must include 'X-Amz-Algorithm'. "
                        + "AWS query-string parameters must include 'X-Amz-Credential'. "
                        + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                        + "Re-examine the query-string parameters.");
    }

    @Test
    void aSignatureThatIsNotLowerCaseHexSimplyDoesNotMatch() {
        assertRefused(() -> verifier.verify(vanilla("AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                + ", SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE.toUpperCase(Locale.ROOT)), "service"),
                ErrorCode.INVALID_SIGNATURE, AuthErrors.SIGNATURE_MISMATCH);
        assertRefused(() -> verifier.verify(vanilla("AWS4-HMAC-SHA256 Credential=" + CREDENTIAL
                + ", SignedHeaders=host;x-amz-date, Signature=abc"), "service"),
                ErrorCode.INVALID_SIGNATURE, AuthErrors.SIGNATURE_MISMATCH);
    }
}
