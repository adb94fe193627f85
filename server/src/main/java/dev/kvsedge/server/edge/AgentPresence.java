package dev.kvsedge.server.edge;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which hubs' agents are polling now, and when each was last seen, from their long-polls: an agent polls again as
 * soon as a poll returns, so one that has not polled for longer than the longest poll was away. Its return is logged.
 */
final class AgentPresence {
    /** Longer than the longest poll (60 s) and the agent's pause between polls. */
    static final Duration SILENCE = Duration.ofSeconds(90);
    private static final int MAX_HUBS = 100_000;

    private final Map<String, Hub> hubs = new ConcurrentHashMap<>();

    private record Hub(int polling, Instant lastSeen) {}

    /** A poll of {@code hub}'s agent begins; logs the agent's return after a silence. */
    void pollStarted(String hub, Instant now) {
        if (hubs.size() >= MAX_HUBS) {
            hubs.values().removeIf(h -> h.polling() == 0); // made-up hub ARNs must not grow this without end
        }
        Duration[] silence = {null};
        boolean[] returned = {false};
        hubs.compute(hub, (key, before) -> {
            if (before == null
                    || before.polling() == 0 && Duration.between(before.lastSeen(), now).compareTo(SILENCE) > 0) {
                returned[0] = true;
                silence[0] = before == null ? null : Duration.between(before.lastSeen(), now);
            }
            return new Hub(before == null ? 1 : before.polling() + 1, now);
        });
        if (returned[0]) {
            EdgeEvents.agentConnected(hub, silence[0]);
        }
    }

    void pollEnded(String hub, Instant now) {
        hubs.computeIfPresent(hub, (key, before) -> new Hub(Math.max(0, before.polling() - 1), now));
    }

    /** Hubs whose agent has a poll waiting now. */
    long hubsPolling() {
        return hubs.values().stream().filter(h -> h.polling() > 0).count();
    }
}
