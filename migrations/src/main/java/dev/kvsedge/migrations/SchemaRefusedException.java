package dev.kvsedge.migrations;

/**
 * A database whose schema this code must not touch: migrated by newer code, an applied migration edited since, or
 * tables that are not the ones a migration made. Starting anyway could corrupt it; the message says which migration
 * and what to do, for one line of a start-up error.
 */
public final class SchemaRefusedException extends RuntimeException {
    public SchemaRefusedException(String message) {
        super(message);
    }
}
