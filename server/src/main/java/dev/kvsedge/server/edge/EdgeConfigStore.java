package dev.kvsedge.server.edge;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.streams.StreamKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of edge configurations. {@link #update} is one transaction: a transition and its
 * deadline are written together, and the hub's change sequence (what agents long-poll on) moves in
 * the same transaction when the change concerns the agent.
 */
public interface EdgeConfigStore {

    Optional<EdgeConfiguration> find(StreamKey stream);

    /** Configurations bound to one hub device in one scope, ordered by stream name, after {@code afterStreamName} (null: from the first). */
    List<EdgeConfiguration> listByHub(Scope scope, String hubDeviceArn, String afterStreamName, int limit);

    /**
     * The sync states the configuration of the stream with ARN {@code streamArn} entered, newest first (at most
     * {@code limit}); written by {@link #update} in the transaction of each change of state.
     */
    List<SyncHistoryEntry> history(StreamKey stream, String streamArn, int limit);

    /** Streams whose deadline is at or before {@code now}, oldest deadline first. */
    List<StreamKey> due(Instant now, int limit);

    /** How many configurations are in each sync state, all accounts together; states without any are left out. */
    Map<SyncStatus, Integer> countByStatus();

    /** The hub's change sequence: it grows whenever a configuration of the hub changes in a way its agent must see. */
    long hubSequence(String hubDeviceArn);

    /**
     * Reads the stream's configuration under a lock, applies {@code change} and writes its result, in
     * one transaction. {@code change} may throw to abort without a write.
     */
    EdgeWrite update(StreamKey stream, EdgeChange change);

    /** A decision taken inside {@link #update}'s transaction. */
    @FunctionalInterface
    interface EdgeChange {
        EdgeWrite apply(Optional<EdgeConfiguration> current, HubCounter hubs);
    }

    /** Counts, inside the transaction, the configurations bound to a hub device. */
    @FunctionalInterface
    interface HubCounter {
        int configurations(Scope scope, String hubDeviceArn);
    }

    /**
     * The result of a change: the configuration after it (empty: removed), whether to write at all,
     * and whether the hub's agent must look (the hub's sequence moves).
     */
    record EdgeWrite(Optional<EdgeConfiguration> after, boolean write, boolean agentMustLook) {
        public static EdgeWrite unchanged(Optional<EdgeConfiguration> current) {
            return new EdgeWrite(current, false, false);
        }

        public static EdgeWrite store(EdgeConfiguration after, boolean agentMustLook) {
            return new EdgeWrite(Optional.of(after), true, agentMustLook);
        }

        public static EdgeWrite remove(boolean agentMustLook) {
            return new EdgeWrite(Optional.empty(), true, agentMustLook);
        }
    }
}
