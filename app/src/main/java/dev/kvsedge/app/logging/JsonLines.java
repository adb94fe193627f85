package dev.kvsedge.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line for log collectors: {@code time} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code thread}, {@code message}, then the event's key-value pairs and the request's context (request id) as
 * fields of their own, and {@code error} with the stack trace when there is one. Numbers and booleans stay JSON
 * numbers and booleans. A name already written is not written again, so every line is valid JSON for any parser.
 *
 * <p>Logback's own JsonEncoder nests the pairs in a list of one-key objects and the time in epoch milliseconds;
 * these flat fields are what jq, Loki and Elasticsearch query directly.
 */
final class JsonLines extends EncoderBase<ILoggingEvent> {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            Set<String> written = new HashSet<>(List.of("time", "level", "logger", "thread", "message", "error"));
            json.writeStartObject();
            json.writeStringField("time", event.getInstant().toString());
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            json.writeStringField("message", event.getFormattedMessage());
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    if (written.add(pair.key)) {
                        field(json, pair.key, pair.value);
                    }
                }
            }
            for (Map.Entry<String, String> context : new TreeMap<>(event.getMDCPropertyMap()).entrySet()) {
                if (written.add(context.getKey())) {
                    json.writeStringField(context.getKey(), context.getValue());
                }
            }
            if (event.getThrowableProxy() != null) {
                json.writeStringField("error", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void field(JsonGenerator json, String name, Object value) throws IOException {
        switch (value) {
            case null -> json.writeNullField(name);
            case Integer i -> json.writeNumberField(name, i);
            case Long l -> json.writeNumberField(name, l);
            case Double d -> json.writeNumberField(name, d);
            case Boolean b -> json.writeBooleanField(name, b);
            default -> json.writeStringField(name, value.toString());
        }
    }
}
