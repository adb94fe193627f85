package dev.kvsedge.server.auth;

import static dev.kvsedge.server.auth.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.kvsedge.model.ApiException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthFailuresTest {
    private static final String SIGNATURE = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AuthFailures.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));
    private final AuthFailures failures = new AuthFailures(registry, now::get);

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void stopCapture() {
        logger.detachAppender(log);
    }

    @Test
    void eachCallerAndReasonIsLoggedOncePerMinuteAndEveryRefusalIsCounted() {
        ApiException mismatch = AuthErrors.signatureMismatch();
        ApiException unknown = AuthErrors.unrecognizedClient();

        failures.refused(signedBy("AKIDCAMERA1"), mismatch);
        advance(Duration.ofSeconds(10));
        failures.refused(signedBy("AKIDCAMERA1"), mismatch);
        failures.refused(signedBy("AKIDCAMERA2"), mismatch);
        failures.refused(signedBy("AKIDCAMERA1"), unknown);
        advance(Duration.ofSeconds(49));
        failures.refused(signedBy("AKIDCAMERA1"), mismatch);
        advance(Duration.ofSeconds(2)); // 61 s after the first line
        failures.refused(signedBy("AKIDCAMERA1"), mismatch);

        assertThat(lines()).containsExactly(
                Map.of("accessKeyId", "AKIDCAMERA1", "reason", "InvalidSignatureException", "unloggedRefusalsBefore",
                        "0"),
                Map.of("accessKeyId", "AKIDCAMERA2", "reason", "InvalidSignatureException", "unloggedRefusalsBefore",
                        "0"),
                Map.of("accessKeyId", "AKIDCAMERA1", "reason", "UnrecognizedClientException", "unloggedRefusalsBefore",
                        "0"),
                Map.of("accessKeyId", "AKIDCAMERA1", "reason", "InvalidSignatureException", "unloggedRefusalsBefore",
                        "2"));
        assertThat(registry.get("kvs.edge.auth.failures").tag("reason", "InvalidSignatureException").counter().count())
                .isEqualTo(5);
        assertThat(
                registry.get("kvs.edge.auth.failures").tag("reason", "UnrecognizedClientException").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aLineSaysWhyButNeverHoldsTheSignatureOrTheAuthorizationHeader() {
        SignedRequest request = signedBy("AKIDEXAMPLE");

        failures.refused(request, AuthErrors.signatureMismatch());

        ILoggingEvent line = log.list.getFirst();
        assertThat(line.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        assertThat(line.getFormattedMessage()).isEqualTo("request refused: authentication failed");
        String everything = line.getFormattedMessage() + line.getKeyValuePairs();
        assertThat(everything).contains("AKIDEXAMPLE", AuthErrors.SIGNATURE_MISMATCH)
                .doesNotContain(SIGNATURE, "Signature=", "SignedHeaders", SECRET);
    }

    @Test
    void theClaimedAccessKeyIdComesFromTheHeaderOrThePresignedQueryAndIsOnlyLettersAndDigits() {
        assertThat(AuthFailures.claimedAccessKeyId(signedBy("AKIDEXAMPLE"))).isEqualTo("AKIDEXAMPLE");
        assertThat(AuthFailures.claimedAccessKeyId(request("GET", "/hls").query("X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=KVSEPRESIGNED%2F20261207%2Fus-east-1%2Fkinesisvideo%2Faws4_request").build()))
                .isEqualTo("KVSEPRESIGNED");
        assertThat(AuthFailures.claimedAccessKeyId(request("POST", "/listStreams").build())).isEqualTo("-");
        assertThat(AuthFailures.claimedAccessKeyId(request("POST", "/listStreams")
                .header("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9").build())).isEqualTo("-");
        assertThat(AuthFailures.claimedAccessKeyId(request("POST", "/listStreams")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=\n<forged line>/x").build())).isEqualTo("-");
        assertThat(AuthFailures.claimedAccessKeyId(signedBy("A".repeat(500)))).hasSize(128);
    }

    private static SignedRequest signedBy(String accessKeyId) {
        return request("POST", "/describeStream")
                .header("Authorization",
                        "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/20261207/us-east-1/kinesisvideo/"
                                + "aws4_request, SignedHeaders=host;x-amz-date, Signature=" + SIGNATURE)
                .header("X-Amz-Date", "20261207T100000Z").body("{\"StreamName\":\"cam\"}").build();
    }

    private void advance(Duration by) {
        now.set(now.get().plus(by));
    }

    private List<Map<String, String>> lines() {
        return log.list.stream().map(e -> e.getKeyValuePairs().stream().filter(p -> !p.key.equals("detail"))
                .collect(Collectors.toMap(p -> p.key, p -> String.valueOf(p.value)))).toList();
    }
}
