package dev.kvsedge.agent.config;

import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import java.util.Objects;

/**
 * One edge configuration as the agent last received it, with what the agent made of it. Immutable: the
 * reconciler replaces it whole, and compares whole values to decide whether jobs must change.
 *
 * @param syncStatus the server's SyncStatus when last listed (SYNCING, IN_SYNC, DELETING, ...)
 * @param applied whether this exact {@code edgeConfig} runs on the device
 * @param failure why applying it failed (for {@link Applied#FAILED}), shown to the user through FAILED
 * @param mediaUri the camera URI resolved from MediaUriSecretArn, kept so recording goes on after a restart while
 *     the server is unreachable; it may hold a password, so it is never logged, and sealed on disk by {@link SavedConfigs}
 */
public record HeldConfig(String streamArn, String streamName, EdgeConfig edgeConfig, String syncStatus, Applied applied,
        String failure, String mediaUri) {

    public enum Applied {
        /** Received, not applied yet (or applying hit a transient error and is retried). */
        PENDING,
        /** Its jobs run with it. */
        APPLIED,
        /** It cannot run; {@code failure} says why. */
        FAILED
    }

    public HeldConfig {
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(applied, "applied");
    }

    public HeldConfig withStatus(String status) {
        return new HeldConfig(streamArn, streamName, edgeConfig, status, applied, failure, mediaUri);
    }

    public HeldConfig applied(String resolvedMediaUri) {
        return new HeldConfig(streamArn, streamName, edgeConfig, syncStatus, Applied.APPLIED, null, resolvedMediaUri);
    }

    HeldConfig withMediaUri(String uri) {
        return new HeldConfig(streamArn, streamName, edgeConfig, syncStatus, applied, failure, uri);
    }

    public HeldConfig failed(String reason) {
        return new HeldConfig(streamArn, streamName, edgeConfig, syncStatus, Applied.FAILED, reason, null);
    }

    /** Whether its jobs should run: applied and not on its way out. */
    public boolean runs() {
        return applied == Applied.APPLIED && !isDeletion(syncStatus);
    }

    /** DELETING, DELETING_ACKNOWLEDGED and DELETE_FAILED: the user asked to delete it, so nothing of it runs. */
    public static boolean isDeletion(String syncStatus) {
        return syncStatus != null && syncStatus.startsWith("DELET");
    }

    /** Leaves the media URI out: it may hold the camera's password. */
    @Override
    public String toString() {
        return "HeldConfig[streamArn=" + streamArn + ", syncStatus=" + syncStatus + ", applied=" + applied
                + ", failure=" + failure + ", edgeConfig=" + edgeConfig + "]";
    }
}
