package dev.kvsedge.model;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Opaque NextTokens: base64 (the alphabet the model's NextToken pattern allows) of the listing they
 * continue and the key to resume after, so a token this server did not issue for that same listing
 * (another operation's, another hub's) is refused instead of silently read.
 */
public final class PageTokens {
    private static final String MARK = "kvs-edge/1:";

    private PageTokens() {}

    /** {@code listing} names what is listed, say {@code ListStreams} or the operation and its filter. */
    public static String encode(String listing, String resumeAfter) {
        return Base64.getEncoder()
                .encodeToString((MARK + listing + "\n" + resumeAfter).getBytes(StandardCharsets.UTF_8));
    }

    /** The key to resume after, or null for a null or empty token (the first page). */
    public static @Nullable String decode(String listing, @Nullable String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String text = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            String prefix = MARK + listing + "\n";
            if (text.startsWith(prefix)) {
                return text.substring(prefix.length());
            }
        } catch (IllegalArgumentException notBase64) {
            // refused below
        }
        throw ApiException.invalidArgument("The NextToken " + token + " was not issued by this operation.");
    }
}
