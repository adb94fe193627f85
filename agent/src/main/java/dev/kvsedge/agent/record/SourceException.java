package dev.kvsedge.agent.record;

/**
 * The source failed: it could not be opened, stopped sending, or sends what cannot be recorded. The message is
 * redacted (it goes to the status and the log as is).
 */
final class SourceException extends Exception {
    private final RecorderStatus.Status status;

    SourceException(RecorderStatus.Status status, String message) {
        super(message);
        this.status = status;
    }

    RecorderStatus.Status status() {
        return status;
    }
}
