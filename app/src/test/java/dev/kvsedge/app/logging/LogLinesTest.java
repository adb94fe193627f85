package dev.kvsedge.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The two line formats, on events as Logback hands them over: what a person and a log collector read. */
class LogLinesTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void aTextLineIsTimeLevelClassMessageThenTheFieldsAndTheRequestContext() {
        LoggingEvent event = event("stream created", null);
        event.addKeyValuePair(new KeyValuePair("stream", "front-door"));
        event.addKeyValuePair(new KeyValuePair("retentionHours", 24));

        String line = text(event);

        assertThat(line)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  StreamEvents - "
                        + "stream created stream=front-door retentionHours=24 client=10\\.0\\.0\\.7 requestId=4f1c\n");
    }

    @Test
    void aTextLineCannotBeSplitOrForgedByWhatAClientSent() {
        LoggingEvent event = event("refused:\nINFO forged line", null);
        event.addKeyValuePair(new KeyValuePair("detail", "two words, \"quoted\"\r\nand a break"));
        event.addKeyValuePair(new KeyValuePair("empty", ""));

        String line = text(event);

        assertThat(line.lines()).hasSize(1);
        assertThat(line).contains("refused:\\nINFO forged line",
                "detail=\"two words, \\\"quoted\\\"\\r\\nand a break\"", "empty=\"\"");
    }

    @Test
    void aTextLineEndsWithTheStackTraceOfItsError() {
        String line = text(event("sweep failed", new IllegalStateException("disk full")));

        assertThat(line.lines().count()).isGreaterThan(2);
        assertThat(line).contains("sweep failed", "java.lang.IllegalStateException: disk full", "\tat ");
    }

    @Test
    void aJsonLineIsOneObjectWithFlatTypedFields() throws Exception {
        LoggingEvent event = event("upload ended \"cam\"\nnext", null);
        event.addKeyValuePair(new KeyValuePair("stream", "front-door"));
        event.addKeyValuePair(new KeyValuePair("fragments", 12L));
        event.addKeyValuePair(new KeyValuePair("recoverable", true));
        event.addKeyValuePair(new KeyValuePair("versionId", null));
        event.addKeyValuePair(new KeyValuePair("message", "a field named like a standard one is left out"));

        byte[] bytes = new JsonLines().encode(event);
        String line = new String(bytes, StandardCharsets.UTF_8);
        JsonNode json = new ObjectMapper().readTree(line);

        assertThat(line).endsWith("}\n");
        assertThat(line.lines()).hasSize(1);
        assertThat(json.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("logger").asText()).isEqualTo("dev.kvsedge.server.streams.StreamEvents");
        assertThat(json.path("thread").asText()).isNotEmpty();
        assertThat(json.path("message").asText()).isEqualTo("upload ended \"cam\"\nnext");
        assertThat(json.path("stream").asText()).isEqualTo("front-door");
        assertThat(json.path("fragments").isIntegralNumber()).isTrue();
        assertThat(json.path("fragments").asLong()).isEqualTo(12);
        assertThat(json.path("recoverable").isBoolean()).isTrue();
        assertThat(json.path("versionId").isNull()).isTrue();
        assertThat(json.path("requestId").asText()).isEqualTo("4f1c");
        assertThat(json.path("client").asText()).isEqualTo("10.0.0.7");
        assertThat(json.has("error")).isFalse();
    }

    @Test
    void aJsonLineCarriesItsStackTraceAsOneField() throws Exception {
        byte[] bytes = new JsonLines().encode(event("sweep failed", new IllegalStateException("disk full")));
        String line = new String(bytes, StandardCharsets.UTF_8);

        assertThat(line.lines()).hasSize(1);
        assertThat(new ObjectMapper().readTree(line).path("error").asText())
                .startsWith("java.lang.IllegalStateException: disk full").contains("\tat ");
    }

    private LoggingEvent event(String message, Throwable error) {
        LoggingEvent event = new LoggingEvent("test", context.getLogger("dev.kvsedge.server.streams.StreamEvents"),
                Level.INFO, message, error, null);
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("client", "10.0.0.7");
        mdc.put("requestId", "4f1c");
        event.setMDCPropertyMap(mdc);
        return event;
    }

    private static String text(LoggingEvent event) {
        return new String(new TextLines().encode(event), StandardCharsets.UTF_8);
    }
}
