package dev.kvsedge.server.store;

/** The database failed (unreachable, full, schema mismatch...): an internal error, never the caller's fault. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
