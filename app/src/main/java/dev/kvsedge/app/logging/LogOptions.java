package dev.kvsedge.app.logging;

import picocli.CommandLine.Option;

/** {@code --log-format}, shared by the commands that run services ({@code server}, {@code up}, {@code agent}). */
public final class LogOptions {
    @Option(names = "--log-format", defaultValue = "text", converter = LogFormatConverter.class,
            description = "How log lines look: text, or json for one JSON object per line (default: ${DEFAULT-VALUE}).")
    LogFormat format = LogFormat.TEXT;

    /** Sets the chosen format up; call before the command starts anything that logs. */
    public void apply() {
        LogSetup.use(format);
    }

    static final class LogFormatConverter implements picocli.CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            return switch (value) {
                case "text" -> LogFormat.TEXT;
                case "json" -> LogFormat.JSON;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a log format: use text or json");
            };
        }
    }
}
