package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.ChannelType;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;

class WireErrorsTest {
    private static TestServer server;
    private static KinesisVideoClient kvs;
    private static SignedHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kvs = server.client();
        http = new SignedHttp(server.endpoint());
    }

    @AfterAll
    static void stop() {
        kvs.close();
        server.close();
    }

    private static void assertAwsError(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue(code);
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"__type\":\"" + code + "\"");
    }

    @Test
    void aConstraintViolationIsAValidationExceptionWordedLikeAws() {
        assertThatThrownBy(() -> kvs.createStream(r -> r.streamName("has space")))
                .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .isEqualTo("1 validation error detected: Value 'has space' at "
                                    + "'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void everyResponseCarriesADateHeaderAsAwsDoesForClockSkewCorrection() throws Exception {
        HttpResponse<String> response = http.send("POST", "/listStreams", "{}");
        assertThat(response.statusCode()).isEqualTo(200);
        java.time.Instant date = java.time.ZonedDateTime.parse(response.headers().firstValue("Date").orElseThrow(),
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(date).isBetween(java.time.Instant.now().minusSeconds(60), java.time.Instant.now().plusSeconds(1));
        assertThat(http.send("POST", "/nothing", "{}").headers().firstValue("Date")).isPresent();
    }

    @Test
    void malformedJsonIsASerializationException() throws Exception {
        HttpResponse<String> response = http.send("POST", "/describeStream", "{\"StreamName\": ");
        assertAwsError(response, 400, "SerializationException");
        assertThat(response.body()).contains("\"Message\":");
    }

    @Test
    void aWrongJsonTypeIsASerializationException() throws Exception {
        assertAwsError(http.send("POST", "/createStream", "{\"StreamName\": [\"a\"]}"), 400, "SerializationException");
        assertAwsError(http.send("POST", "/createStream", "{\"StreamName\":\"s\",\"DataRetentionInHours\":\"x\"}"), 400,
                "SerializationException");
    }

    @Test
    void contentAfterTheJsonValueIsASerializationException() throws Exception {
        assertAwsError(http.send("POST", "/createStream", "{\"StreamName\":\"first\"} {\"StreamName\":\"second\"}"),
                400, "SerializationException");
        assertAwsError(http.send("POST", "/describeStream", "{\"StreamName\":\"first\"}"), 404,
                "ResourceNotFoundException");
    }

    @Test
    void jsonBeyondTheParserLimitsIsASerializationExceptionNotA500() throws Exception {
        String deep = "{\"a\":" + "[".repeat(1500) + "]".repeat(1500) + "}";
        assertAwsError(http.send("POST", "/describeStream", deep), 400, "SerializationException");
        assertAwsError(http.send("POST", "/listStreams", "{\"MaxResults\":" + "9".repeat(1600) + "}"), 400,
                "SerializationException");
    }

    @Test
    void aNullInsideAListIsAValidationException() throws Exception {
        String arn = kvs.createStream(r -> r.streamName("null-member")).streamARN();
        HttpResponse<String> response = http.send("POST", "/untagStream",
                "{\"StreamName\":\"null-member\",\"TagKeyList\":[null]}");
        assertAwsError(response, 400, "ValidationException");
        assertThat(response.body())
                .contains("Value null at 'tagKeyList.1.member' failed to satisfy constraint: Member must not be null");
        assertAwsError(http.send("POST", "/TagResource", "{\"ResourceARN\":\"" + arn + "\",\"Tags\":[null]}"), 400,
                "ValidationException");
    }

    @Test
    void aNextTokenThisServerNeverIssuedIsRefused() {
        assertThatThrownBy(() -> kvs.listStreams(r -> r.nextToken("abc")))
                .isInstanceOfSatisfying(KinesisVideoException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"));
    }

    @Test
    void anOversizedBodyIsRefusedWith413() throws Exception {
        String huge = "{\"StreamName\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}";
        assertAwsError(http.send("POST", "/createStream", huge), 413, "RequestEntityTooLargeException");
    }

    @Test
    void anUnknownPathIsAJson404() throws Exception {
        HttpResponse<String> response = http.send("POST", "/noSuchThing", "{}");
        assertAwsError(response, 404, "UnknownOperationException");
    }

    @Test
    void aKnownOperationWithTheWrongMethodIs405() throws Exception {
        assertAwsError(http.send("GET", "/describeStream", ""), 405, "MethodNotAllowedException");
    }

    @Test
    void anOperationKvsEdgeDoesNotServeIsNamedInA400() {
        assertThatThrownBy(
                () -> kvs.createSignalingChannel(r -> r.channelName("c").channelType(ChannelType.SINGLE_MASTER)))
                .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("CreateSignalingChannel");
                });
    }

    @Test
    void anUnsignedRequestIsMissingItsToken() throws Exception {
        HttpResponse<String> response = http.sendUnsigned("/listStreams", "{}");
        assertAwsError(response, 403, "MissingAuthenticationTokenException");
        assertThat(response.body()).contains("\"message\":\"Missing Authentication Token\"");
    }

    @Test
    void anUnknownAccessKeyIsUnrecognized() {
        try (KinesisVideoClient stranger = server.client(Region.US_EAST_1, "AKIDUNKNOWN", "whatever")) {
            assertThatThrownBy(() -> stranger.listStreams(r -> {}))
                    .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("The security token included in the request is invalid.");
                    });
        }
    }

    @Test
    void aWrongSecretIsAnInvalidSignatureThatNeverEchoesTheSecret() {
        try (KinesisVideoClient wrong = server.client(Region.US_EAST_1, "test", "not-the-secret")) {
            assertThatThrownBy(() -> wrong.listStreams(r -> {}))
                    .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.awsErrorDetails().errorMessage()).doesNotContain("not-the-secret");
                    });
        }
    }
}
