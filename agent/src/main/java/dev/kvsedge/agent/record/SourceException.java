package dev.kvsedge.agent.record;

/**
 * The source failed: it could not be opened, stopped sending, or sends what cannot be recorded. The message is
 * redacted (it goes to the status and the log as is).
 */
final class SourceException extends Exception {
    private final RecorderStatus.Status status;
    private final boolean credentialsRefused;

    SourceException(RecorderStatus.Status status, String message) {
        this(status, message, false);
    }

    /** @param credentialsRefused the camera refused the credentials in its URI (401) */
    SourceException(RecorderStatus.Status status, String message, boolean credentialsRefused) {
        super(message);
        this.status = status;
        this.credentialsRefused = credentialsRefused;
    }

    boolean credentialsRefused() {
        return credentialsRefused;
    }

    RecorderStatus.Status status() {
        return status;
    }
}
