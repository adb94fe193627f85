package dev.kvsedge.agent.record;

/** The media source is not usable as configured (bad MediaUriType or URI). Its message is already redacted. */
public final class InvalidSourceException extends IllegalArgumentException {
    public InvalidSourceException(String message) {
        super(message);
    }
}
