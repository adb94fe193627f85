package dev.kvsedge.server.edge;

import static dev.kvsedge.server.edge.SyncEvent.*;
import static dev.kvsedge.server.edge.SyncStatus.*;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sync state machine as one table: (state, event) to what follows. A missing entry means the
 * event does not apply in that state: an API call is refused (ResourceInUseException), an agent
 * report or a deadline is stale and ignored. A configuration without state (none yet, or removed)
 * is {@code null} here.
 */
public final class SyncTransitions {

    /** What a transition does: the next state (null: the configuration is removed) and its deadline. */
    public record Transition(SyncStatus next, Deadline deadline) {}

    /** SET starts the sync timeout from now, KEEP leaves the running one, CLEAR ends it. */
    public enum Deadline {
        SET, KEEP, CLEAR
    }

    private static final Map<SyncEvent, Transition> FROM_NOTHING = new EnumMap<>(Map.of(
            START, new Transition(SYNCING, Deadline.SET)));

    private static final Map<SyncStatus, Map<SyncEvent, Transition>> TABLE = new EnumMap<>(Map.of(
            SYNCING, Map.of(
                    AGENT_RECEIVED, new Transition(ACKNOWLEDGED, Deadline.KEEP),
                    AGENT_APPLIED, new Transition(IN_SYNC, Deadline.CLEAR),
                    AGENT_FAILED, new Transition(SYNC_FAILED, Deadline.CLEAR),
                    DEADLINE, new Transition(SYNC_FAILED, Deadline.CLEAR),
                    DELETE, new Transition(DELETING, Deadline.SET)),
            ACKNOWLEDGED, Map.of(
                    AGENT_APPLIED, new Transition(IN_SYNC, Deadline.CLEAR),
                    AGENT_FAILED, new Transition(SYNC_FAILED, Deadline.CLEAR),
                    DEADLINE, new Transition(SYNC_FAILED, Deadline.CLEAR),
                    DELETE, new Transition(DELETING, Deadline.SET)),
            IN_SYNC, Map.of(
                    START, new Transition(SYNCING, Deadline.SET),
                    DELETE, new Transition(DELETING, Deadline.SET)),
            SYNC_FAILED, Map.of(
                    START, new Transition(SYNCING, Deadline.SET),
                    DELETE, new Transition(DELETING, Deadline.SET)),
            DELETING, Map.of(
                    AGENT_DELETE_RECEIVED, new Transition(DELETING_ACKNOWLEDGED, Deadline.KEEP),
                    AGENT_DELETED, new Transition(null, Deadline.CLEAR),
                    AGENT_DELETE_FAILED, new Transition(DELETE_FAILED, Deadline.CLEAR),
                    DEADLINE, new Transition(DELETE_FAILED, Deadline.CLEAR)),
            DELETING_ACKNOWLEDGED, Map.of(
                    AGENT_DELETED, new Transition(null, Deadline.CLEAR),
                    AGENT_DELETE_FAILED, new Transition(DELETE_FAILED, Deadline.CLEAR),
                    DEADLINE, new Transition(DELETE_FAILED, Deadline.CLEAR)),
            DELETE_FAILED, Map.of(
                    START, new Transition(SYNCING, Deadline.SET),
                    DELETE, new Transition(DELETING, Deadline.SET))));

    private SyncTransitions() {}

    /** The transition for {@code event} in {@code state} (null: no configuration), or empty when it does not apply. */
    public static Optional<Transition> of(SyncStatus state, SyncEvent event) {
        Map<SyncEvent, Transition> row = state == null ? FROM_NOTHING : TABLE.get(state);
        return Optional.ofNullable(row.get(event));
    }
}
