package dev.kvsedge.server.playback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;

/**
 * Seals playback sessions into URL-safe tokens with the server's master key (AES-GCM): a client can neither read
 * nor forge one, and a token of another server is refused.
 */
final class SessionTokens {
    private static final ObjectMapper JSON = ApiJson.mapper();
    private static final byte[] PURPOSE = "kvs-edge playback session".getBytes(StandardCharsets.UTF_8);

    private final SecretBox box;
    private final Clock clock;

    SessionTokens(SecretBox box, Clock clock) {
        this.box = box;
        this.clock = clock;
    }

    String seal(PlaybackSession session) {
        try {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(box.seal(JSON.writeValueAsBytes(session), PURPOSE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session of a token that this server issued and that has not expired. */
    PlaybackSession open(String token) {
        if (token == null || token.isEmpty()) {
            throw new ApiException(ErrorCode.MISSING_AUTHENTICATION_TOKEN,
                    "The SessionToken query parameter is missing.");
        }
        PlaybackSession session;
        try {
            session = JSON.readValue(box.open(Base64.getUrlDecoder().decode(token), PURPOSE), PlaybackSession.class);
        } catch (RuntimeException | java.io.IOException e) {
            throw new ApiException(ErrorCode.NOT_AUTHORIZED, "The SessionToken is not valid.");
        }
        if (!clock.instant().isBefore(session.expires())) {
            throw new ApiException(ErrorCode.NOT_AUTHORIZED, "The SessionToken has expired.");
        }
        return session;
    }
}
