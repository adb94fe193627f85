package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.assertRefused;
import static dev.kvsedge.server.auth.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.model.ErrorCode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Requests exactly as AWS's C producer library (the engine of kvssink and the C++ producer SDK, 1.6.4 at
 * producer-c c7546829) signed and sent them to a kvs-edge server, copied from the library's own request log:
 * PutMedia signs connection and transfer-encoding, sends no x-amz-content-sha256 and hashes its streamed body
 * as an empty payload; its control-plane calls hash their JSON bodies and sign only host, user-agent and
 * x-amz-date (content-type and content-length are sent unsigned).
 */
class SigV4CProducerTest {

    static final String USER_AGENT = "AWS-PRODUCER-SDK-KVS/1.6.4 GCC/12.2.0 Linux/6.18.44-fc-v1272 x86_64";
    static final String PUT_MEDIA_SIGNATURE = "d7bdd745270b28188236917ce66910343e71b22e5b5d9981462afa8fc868fe1d";
    static final String DESCRIBE_STREAM_BODY = "{\n\t\"StreamName\": \"cstream\"\n}";

    private final SigV4Verifier verifier = new SigV4Verifier(
            StaticCredentials.of(new Credential("test", "test", new Principal("123456789012", null))),
            Clock.fixed(Instant.parse("2026-12-07T04:16:40Z"), ZoneOffset.UTC));

    private static TestRequests putMedia(String signature) {
        return request("POST", "/putMedia")
                .header("Host", "127.0.0.1")
                .header("Expect", "100-continue")
                .header("Authorization",
                        "AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/kinesisvideo/aws4_request, "
                                + "SignedHeaders=connection;host;transfer-encoding;user-agent;x-amz-date;"
                                + "x-amzn-fragment-acknowledgment-required;x-amzn-fragment-timecode-type;"
                                + "x-amzn-producer-start-timestamp;x-amzn-stream-name, Signature=" + signature)
                .header("connection", "keep-alive")
                .header("content-type", "application/json")
                .header("transfer-encoding", "chunked")
                .header("user-agent", USER_AGENT)
                .header("X-Amz-Date", "20261207T041638Z")
                .header("x-amzn-fragment-acknowledgment-required", "1")
                .header("x-amzn-fragment-timecode-type", "ABSOLUTE")
                .header("x-amzn-producer-start-timestamp", "1796616998.848")
                .header("x-amzn-stream-name", "cstream")
                .streamedBody();
    }

    private static TestRequests describeStream(String body) {
        return request("POST", "/describeStream")
                .header("Host", "127.0.0.1")
                .header("Authorization",
                        "AWS4-HMAC-SHA256 Credential=test/20261207/us-east-1/kinesisvideo/aws4_request, "
                                + "SignedHeaders=host;user-agent;x-amz-date, "
                                + "Signature=e0f8daadb5fdaa950b26475756523650e9535be2b747ff0ca068aec48769c344")
                .header("content-length", "28")
                .header("content-type", "application/json")
                .header("user-agent", USER_AGENT)
                .header("X-Amz-Date", "20261207T041637Z")
                .body(body);
    }

    @Test
    void aPutMediaSignedAsTheCProducerSignsItVerifiesAgainstTheEmptyPayloadHash() {
        Caller caller = verifier.verify(putMedia(PUT_MEDIA_SIGNATURE).build(), "kinesisvideo");

        assertThat(caller)
                .isEqualTo(new Caller(new Principal("123456789012", null), "test", "us-east-1", "kinesisvideo"));
    }

    @Test
    void aPutMediaWithAWrongSignatureIsStillRefused() {
        String wrong = "e" + PUT_MEDIA_SIGNATURE.substring(1);

        assertRefused(() -> verifier.verify(putMedia(wrong).build(), "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void aPutMediaWhoseSignedHeaderChangedIsRefused() {
        TestRequests otherStream = putMedia(PUT_MEDIA_SIGNATURE).replaceHeader("x-amzn-stream-name", "someone-elses");

        assertRefused(() -> verifier.verify(otherStream.build(), "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void theEmptyPayloadHashCoversOnlyStreamedBodies() {
        // The same signed headers over a buffered body, as any operation but PutMedia has: the body is hashed.
        TestRequests buffered = putMedia(PUT_MEDIA_SIGNATURE).body("{\"StreamName\":\"cstream\"}");

        assertRefused(() -> verifier.verify(buffered.build(), "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void theCProducersControlPlaneCallsAreVerifiedAgainstTheirBodies() {
        assertThat(verifier.verify(describeStream(DESCRIBE_STREAM_BODY).build(), "kinesisvideo").accessKeyId())
                .isEqualTo("test");

        TestRequests tampered = describeStream(DESCRIBE_STREAM_BODY.replace("cstream", "cstreaM"));
        assertRefused(() -> verifier.verify(tampered.build(), "kinesisvideo"), ErrorCode.INVALID_SIGNATURE,
                AuthErrors.SIGNATURE_MISMATCH);
    }

    @Test
    void aStreamedBodyDeclaringItsOwnHashIsStillRefusedSinceNothingCouldCheckIt() {
        TestRequests declared = putMedia(PUT_MEDIA_SIGNATURE)
                .header("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

        assertRefused(() -> verifier.verify(declared.build(), "kinesisvideo"), ErrorCode.INCOMPLETE_SIGNATURE,
                "A streamed payload must be signed as 'UNSIGNED-PAYLOAD' or 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' in "
                        + "the x-amz-content-sha256 header, or without that header as an empty payload.");
    }
}
