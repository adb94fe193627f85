package dev.kvsedge.agent.record;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes credentials out of camera URIs before they reach a log, an exception or a status: an RTSP URI carries its
 * user and password ({@code rtsp://user:pass@host/path}), and some cameras take them, or a token, in the query.
 * The user info becomes {@code ***} and the whole query {@code ?***}. When unsure where the user info ends (an
 * unescaped {@code @} or {@code /} in a password), more is hidden rather than less.
 */
public final class UriRedaction {
    /** scheme://, then everything up to the last '@' before whitespace: the user info, greedy on purpose. */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)\\S*@");
    private static final Pattern QUERY = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s?]*)\\?\\S*");

    private UriRedaction() {}

    /** The URI with its user info and query hidden. */
    public static String redact(String uri) {
        return uri == null ? null : redactText(uri);
    }

    /** Any text (an FFmpeg log line, an error message) with the user info and query of every URI in it hidden. */
    public static String redactText(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        String s = USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "***@");
        return QUERY.matcher(s).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "?***");
    }
}
