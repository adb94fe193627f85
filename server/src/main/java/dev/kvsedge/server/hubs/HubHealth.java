package dev.kvsedge.server.hubs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a hub device's agent is in touch, judged from its last long-poll and the keys that still work.
 *
 * @param state ONLINE, OFFLINE, REVOKED or NEVER_CONNECTED
 * @param details one sentence for the user
 */
record HubHealth(String state, String details) {
    /**
     * An agent long-polls for at most 60 s (WaitForEdgeAgentChanges' longest wait) and calls again at once; the
     * server notes the start and the end of each poll, so a silence longer than this means it is gone.
     */
    static final Duration OFFLINE_AFTER = Duration.ofSeconds(90);

    static HubHealth of(Optional<HubContact> contact, Set<String> liveAgentKeys, Instant now) {
        if (contact.isEmpty()) {
            return new HubHealth("NEVER_CONNECTED", "No agent has contacted the server for this hub device yet.");
        }
        HubContact c = contact.get();
        if (c.agentKey() && !liveAgentKeys.contains(c.accessKeyId())) {
            return new HubHealth("REVOKED", "The key pair its agent signs with (" + c.accessKeyId()
                    + ") was revoked: the agent can no longer reach the server.");
        }
        Duration silent = Duration.between(c.lastContact(), now);
        if (silent.compareTo(OFFLINE_AFTER) > 0) {
            return new HubHealth("OFFLINE", "Its agent has not contacted the server for " + silent.toSeconds() + " s.");
        }
        return new HubHealth("ONLINE", "Its agent is in touch.");
    }
}
