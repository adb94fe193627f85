package dev.kvsedge.server.auth;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.sigv4.QueryString;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes refused requests visible: each authentication failure is counted by reason (its error code), and logged
 * once per caller and reason per minute, with the access key id the request claimed and AWS's message for it.
 * Never the signature, the Authorization header or a secret: the messages are the ones the client gets, which
 * carry none (see {@link AuthErrors}). A client retrying with a wrong key makes one line a minute, with the number
 * of refusals since the last one.
 */
public final class AuthFailures {
    private static final Logger LOG = LoggerFactory.getLogger(AuthFailures.class);
    static final Duration QUIET = Duration.ofMinutes(1);
    private static final int MAX_CALLERS = 10_000;
    private static final int MAX_KEY_ID_LENGTH = 128;

    private final MeterRegistry registry;
    private final InstantSource clock;
    private final Map<String, Counter> byReason = new ConcurrentHashMap<>();
    private final Map<Caller, Window> windows = new ConcurrentHashMap<>();

    private record Caller(String accessKeyId, String reason) {}

    /** A minute that began with a logged line, and how many refusals followed it unlogged. */
    private record Window(Instant start, long unlogged) {}

    public AuthFailures(MeterRegistry registry, InstantSource clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Counts and perhaps logs the refusal of {@code request} with {@code error}. */
    public void refused(SignedRequest request, ApiException error) {
        String reason = error.errorCode().code();
        byReason.computeIfAbsent(reason, r -> Counter.builder("kvs.edge.auth.failures").tag("reason", r)
                .description(
                        "Requests refused because their signature or credentials did not authenticate, by error code.")
                .register(registry)).increment();
        String accessKeyId = claimedAccessKeyId(request);
        Instant now = clock.instant();
        if (windows.size() >= MAX_CALLERS) {
            windows.clear(); // a flood of made-up key ids must not grow this without end
        }
        long[] unloggedBefore = {-1};
        windows.compute(new Caller(accessKeyId, reason), (caller, window) -> {
            if (window != null && now.isBefore(window.start().plus(QUIET))) {
                return new Window(window.start(), window.unlogged() + 1);
            }
            unloggedBefore[0] = window == null ? 0 : window.unlogged();
            return new Window(now, 0);
        });
        if (unloggedBefore[0] >= 0) {
            LOG.atWarn().setMessage("request refused: authentication failed")
                    .addKeyValue("accessKeyId", accessKeyId)
                    .addKeyValue("reason", reason)
                    .addKeyValue("detail", error.getMessage())
                    .addKeyValue("unloggedRefusalsBefore", unloggedBefore[0])
                    .log();
        }
    }

    /**
     * The access key id named by the Authorization header's Credential or the X-Amz-Credential parameter, as far as
     * it reads like one (letters and digits), or "-" when the request names none.
     */
    static String claimedAccessKeyId(SignedRequest request) {
        String credential = null;
        String authorization = request.header("authorization");
        if (authorization != null) {
            int at = authorization.indexOf("Credential=");
            if (at >= 0) {
                credential = authorization.substring(at + "Credential=".length());
            }
        } else if (request.rawQuery() != null && !request.rawQuery().isEmpty()) {
            credential = QueryString.parse(request.rawQuery()).get("X-Amz-Credential");
        }
        if (credential == null) {
            return "-";
        }
        int end = 0;
        while (end < credential.length() && end < MAX_KEY_ID_LENGTH && Character.isLetterOrDigit(credential.charAt(end))
                && credential.charAt(end) < 128) {
            end++;
        }
        return end == 0 ? "-" : credential.substring(0, end);
    }
}
