package dev.kvsedge.server.blob;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of s3:// locations, the configuration's checks, and what an S3 error message keeps. */
class S3LocationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3://media|media|''|s3://media",
            "s3://media/|media|''|s3://media",
            "s3://media/kvs|media|kvs/|s3://media/kvs",
            "s3://media/kvs/|media|kvs/|s3://media/kvs",
            "s3://my.bucket-1/a/b/c|my.bucket-1|a/b/c/|s3://my.bucket-1/a/b/c"})
    void parsesBucketAndPrefix(String text, String bucket, String prefix, String shown) {
        S3Location location = S3Location.parse(text);
        assertThat(location.bucket()).isEqualTo(bucket);
        assertThat(location.prefix()).isEqualTo(prefix);
        assertThat(location.toString()).isEqualTo(shown);
        assertThat(location.objectKey("s/1")).isEqualTo(prefix + "s/1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"media", "http://media", "s3://", "s3://ab", "s3://Media", "s3://-media", "s3://media-",
            "s3://me_dia", "s3://media//x", "s3://media/../x", "s3://media/a b",
            "s3://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})
    void rejectsWhatIsNotALocation(String text) {
        assertThatThrownBy(() -> S3Location.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configurationsCheckTheEndpointAndHideTheSecret() {
        S3Location location = S3Location.parse("s3://media");
        assertThatThrownBy(() -> S3Config.forEndpoint(location, URI.create("ftp://host"), "us-east-1", "AKID", "s"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> S3Config.forEndpoint(location, URI.create("http://user:pw@host"), "us-east-1",
                "AKID", "s")).isInstanceOf(IllegalArgumentException.class);
        S3Config aws = S3Config.forAws(location, "eu-west-1", "AKID", "topSecret");
        assertThat(aws.endpoint()).isEqualTo(URI.create("https://s3.eu-west-1.amazonaws.com"));
        assertThat(aws.pathStyle()).isFalse();
        assertThat(aws.toString()).doesNotContain("topSecret");
    }

    @Test
    void errorsKeepTheCodeAndMessageOnly() {
        String body = "<?xml version=\"1.0\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request"
                + " signature we calculated does not match &amp; so on.</Message><StringToSign>AWS4-HMAC-SHA256"
                + "\n20240101T000000Z</StringToSign><SignatureProvided>abcdef</SignatureProvided></Error>";
        String described = S3Errors.describe(403, body.getBytes(UTF_8), "s3cr3t");
        assertThat(described).isEqualTo("HTTP 403 SignatureDoesNotMatch: The request signature we calculated does"
                + " not match & so on.");
        assertThat(S3Errors.describe(500, "<Error><Message>leaked s3cr3t</Message></Error>".getBytes(
                UTF_8), "s3cr3t")).isEqualTo(
                        "HTTP 500 (no S3 error code): leaked ****");
        assertThat(S3Errors.describe(404, new byte[0], "s3cr3t")).isEqualTo("HTTP 404 (no S3 error code)");
    }
}
