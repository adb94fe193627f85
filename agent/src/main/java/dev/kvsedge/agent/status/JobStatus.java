package dev.kvsedge.agent.status;

import java.time.Instant;
import java.util.Objects;

/**
 * A recorder's or uploader's state as ReportEdgeAgentStatus carries it.
 *
 * @param details a short sentence for the user; never a camera URI or credential
 * @param collected when the state was observed (the report's LastCollectedTime)
 */
public record JobStatus(Kind kind, String details, Instant collected) {

    /** The three values AWS's RecorderStatus and UploaderStatus take. */
    public enum Kind {
        SUCCESS, USER_ERROR, SYSTEM_ERROR
    }

    /** ReportEdgeAgentStatus's JobStatusDetails holds at most this many characters. */
    public static final int MAX_DETAILS = 2048;

    public JobStatus {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(collected, "collected");
        details = details == null ? "" : details.length() > MAX_DETAILS ? details.substring(0, MAX_DETAILS) : details;
    }

    public static JobStatus success(String details, Instant at) {
        return new JobStatus(Kind.SUCCESS, details, at);
    }

    public static JobStatus userError(String details, Instant at) {
        return new JobStatus(Kind.USER_ERROR, details, at);
    }

    public static JobStatus systemError(String details, Instant at) {
        return new JobStatus(Kind.SYSTEM_ERROR, details, at);
    }
}
