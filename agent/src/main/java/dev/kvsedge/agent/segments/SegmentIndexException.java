package dev.kvsedge.agent.segments;

/** The segment index could not be read or written (a local, system-side failure: disk, database file). */
public final class SegmentIndexException extends RuntimeException {
    public SegmentIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
