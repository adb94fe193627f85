package dev.kvsedge.agent.record;

import java.time.Instant;

/**
 * The recorder's status for ReportEdgeAgentStatus ({@code RecorderStatus}): SUCCESS while recording (or paused on
 * purpose), USER_ERROR when the source is at fault (bad URI, camera unreachable or refusing the credentials,
 * unsupported codec), SYSTEM_ERROR when this device is (disk full, index unwritable, an unexpected failure).
 * Details never hold the camera's credentials.
 *
 * @param status what the reporter sends as {@code Status}
 * @param details what it sends as {@code JobStatusDetails} (at most {@link #MAX_DETAILS} characters)
 * @param lastCollectedTime when the recorder last stored a complete segment, or null if it has not yet
 */
public record RecorderStatus(Status status, String details, Instant lastCollectedTime) {
    /** The reporter's limit on JobStatusDetails. */
    public static final int MAX_DETAILS = 2048;

    public enum Status {
        SUCCESS, USER_ERROR, SYSTEM_ERROR
    }

    public RecorderStatus {
        if (details != null && details.length() > MAX_DETAILS) {
            details = details.substring(0, MAX_DETAILS - 3) + "...";
        }
    }

    public RecorderStatus withLastCollected(Instant time) {
        return new RecorderStatus(status, details, time);
    }
}
