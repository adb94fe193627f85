package dev.kvsedge.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.LoggerFactory;

/**
 * The application's logging, set up in code (Logback finds this class through {@code META-INF/services}): no XML
 * to parse at start-up. Lines go to standard error at INFO, as text until a command picks its {@link LogFormat}.
 * A user's own Logback file ({@code -Dlogback.configurationFile=...} in {@code KVS_EDGE_JAVA_OPTS}) replaces all
 * of this.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    private static final String USER_FILE = "logback.configurationFile";

    /** Logback's service loader needs a public no-argument constructor. */
    public LogSetup() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(USER_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        install(context, LogFormat.TEXT);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Switches the lines to {@code format}; called once the command line is parsed, before anything is logged. */
    public static void use(LogFormat format) {
        if (format == LogFormat.TEXT || System.getProperty(USER_FILE) != null
                || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        install(context, format);
    }

    /** Logs kvs-edge's own DEBUG lines too ({@code --debug}); the level outlives a later {@link #use}. */
    public static void debug() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger("dev.kvsedge").setLevel(Level.DEBUG);
        }
    }

    private static void install(LoggerContext context, LogFormat format) {
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.setLevel(Level.INFO);
        // Their INFO lines are about their own start-up, not about what the server does.
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("org.quartz").setLevel(Level.WARN);

        Encoder<ILoggingEvent> encoder = format == LogFormat.JSON ? new JsonLines() : new TextLines();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        root.addAppender(console);
    }
}
