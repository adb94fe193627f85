package dev.kvsedge.server.edge;

/** What can happen to an edge configuration: calls of the public API, reports of the agent, and deadlines. */
public enum SyncEvent {
    /** StartEdgeConfigurationUpdate. */
    START,
    /** The agent received the configuration. */
    AGENT_RECEIVED,
    /** The agent runs its jobs with the configuration. */
    AGENT_APPLIED,
    /** The agent could not apply the configuration. */
    AGENT_FAILED,
    /** DeleteEdgeConfiguration. */
    DELETE,
    /** The agent received the deletion. */
    AGENT_DELETE_RECEIVED,
    /** The agent stopped the jobs and deleted the local media. */
    AGENT_DELETED,
    /** The agent could not delete. */
    AGENT_DELETE_FAILED,
    /** The deadline of a SYNCING, ACKNOWLEDGED, DELETING or DELETING_ACKNOWLEDGED configuration passed. */
    DEADLINE
}
