package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.time.Backoff;
import dev.kvsedge.agent.time.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * When to read a running configuration's camera secret again: every {@link #REFRESH} (a password rotated in the
 * secret reaches the recorder without a new configuration), and at once when its camera refuses the credentials,
 * then after 5 s, 10 s ... up to {@link #REFRESH} while it goes on refusing, so that a password fixed with
 * PutSecretValue takes effect in seconds. On the ticker: a wall clock step changes none of it.
 */
final class SecretRereads {
    static final Duration REFRESH = Duration.ofMinutes(5);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

    private final Ticker ticker;
    /** When (on the ticker) each configuration's secret was last read; none yet for those restored from disk. */
    private final Map<String, Long> readAt = new HashMap<>();
    private final Map<String, Refusal> refusals = new HashMap<>();

    private static final class Refusal {
        private final Backoff backoff = new Backoff(FIRST_RETRY, REFRESH);
        private long nextAt;

        Refusal(long now) {
            this.nextAt = now;
        }
    }

    SecretRereads(Ticker ticker) {
        this.ticker = ticker;
    }

    /** The secret of {@code streamArn} was read now. */
    void read(String streamArn) {
        readAt.put(streamArn, ticker.nanos());
    }

    /** Whether the periodic refresh of {@code streamArn}'s secret is due. */
    boolean refreshDue(String streamArn) {
        Long last = readAt.get(streamArn);
        return last == null || ticker.nanos() - last >= REFRESH.toNanos();
    }

    /** Of the streams whose cameras refuse their credentials now, those whose secret is to be read again now. */
    Set<String> refusedDue(Set<String> refusing) {
        refusals.keySet().retainAll(refusing); // a camera that records again starts over at once next time
        long now = ticker.nanos();
        Set<String> due = new LinkedHashSet<>();
        for (String streamArn : refusing) {
            Refusal refusal = refusals.computeIfAbsent(streamArn, k -> new Refusal(now));
            if (now - refusal.nextAt >= 0) {
                refusal.nextAt = now + refusal.backoff.next().toNanos();
                due.add(streamArn);
            }
        }
        return due;
    }
}
