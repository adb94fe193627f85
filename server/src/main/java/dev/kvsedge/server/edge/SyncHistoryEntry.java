package dev.kvsedge.server.edge;

import java.time.Instant;

/**
 * A sync state an edge configuration entered, for its history.
 *
 * @param syncStatus a {@link SyncStatus} name, or {@link #DELETED} when the configuration was removed
 * @param failedStatusDetails why, for SYNC_FAILED and DELETE_FAILED; else null
 */
public record SyncHistoryEntry(Instant time, String syncStatus, String failedStatusDetails) {
    public static final String DELETED = "DELETED";
}
