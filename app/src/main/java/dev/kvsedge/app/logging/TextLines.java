package dev.kvsedge.app.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.event.KeyValuePair;

/**
 * One line per event for people: time, level, the logger's class name, the message, then the event's key-value
 * pairs and the request context (client address, request id; by name) in logfmt ({@code key=value}, quoted when needed). A line break in
 * a message or value is escaped, so one event is one line; a stack trace follows on its own lines.
 */
final class TextLines extends EncoderBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
            .withZone(ZoneId.systemDefault());

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        TIME.formatTo(event.getInstant(), line);
        line.append(' ').append(event.getLevel().toString());
        line.append(" ".repeat(Math.max(1, 6 - event.getLevel().toString().length())));
        String logger = event.getLoggerName();
        line.append(logger, logger.lastIndexOf('.') + 1, logger.length()).append(" - ");
        escaped(line, event.getFormattedMessage());
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        if (pairs != null) {
            pairs.forEach(pair -> pair(line, pair.key, pair.value));
        }
        for (Map.Entry<String, String> context : new TreeMap<>(event.getMDCPropertyMap()).entrySet()) {
            pair(line, context.getKey(), context.getValue());
        }
        line.append('\n');
        if (event.getThrowableProxy() != null) {
            line.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void pair(StringBuilder line, String key, Object value) {
        line.append(' ').append(key).append('=');
        String text = String.valueOf(value);
        boolean quote = text.isEmpty() || text.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '=');
        if (quote) {
            line.append('"');
        }
        escaped(line, quote ? text.replace("\\", "\\\\").replace("\"", "\\\"") : text);
        if (quote) {
            line.append('"');
        }
    }

    /** Appends with line breaks and other control characters escaped: what a client sent cannot forge a line. */
    private static void escaped(StringBuilder line, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                default -> {
                    if (c < ' ') {
                        line.append(String.format("\\u%04x", (int) c));
                    } else {
                        line.append(c);
                    }
                }
            }
        }
    }
}
