package dev.kvsedge.it;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** What servers in this JVM log, as Logback hands it to its appenders: message, key-value pairs, log context. */
final class LogCapture implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    LogCapture() {
        appender.start();
        root.addAppender(appender);
    }

    /** One logged event: its message and its fields (key-value pairs, then the log context). */
    record Line(String level, String logger, String message, Map<String, String> fields) {
        String get(String field) {
            return fields.get(field);
        }

        /** All of it as text, to look for what must never be there. */
        String whole() {
            return message + " " + fields;
        }
    }

    List<Line> lines() {
        synchronized (appender) {
            return appender.list.stream().map(LogCapture::line).toList();
        }
    }

    List<Line> lines(String message) {
        return lines().stream().filter(l -> l.message().equals(message)).toList();
    }

    void clear() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    private static Line line(ILoggingEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (event.getKeyValuePairs() != null) {
            event.getKeyValuePairs().forEach(p -> fields.put(p.key, String.valueOf(p.value)));
        }
        fields.putAll(event.getMDCPropertyMap());
        return new Line(event.getLevel().toString(), event.getLoggerName(), event.getFormattedMessage(), fields);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
    }
}
