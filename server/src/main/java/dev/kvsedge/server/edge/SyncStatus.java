package dev.kvsedge.server.edge;

/** The model's SyncStatus values, in the model's order. */
public enum SyncStatus {
    SYNCING, ACKNOWLEDGED, IN_SYNC, SYNC_FAILED, DELETING, DELETE_FAILED, DELETING_ACKNOWLEDGED
}
