package dev.kvsedge.agent.record;

import java.io.IOException;
import java.util.Locale;

/** A write failed because the disk (or the user's quota) is full, and no room could be made. */
final class DiskFullException extends IOException {
    DiskFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether {@code failure}, or a cause of it, is ENOSPC or EDQUOT (from Java's I/O or SQLite's SQLITE_FULL). */
    static boolean isDiskFull(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof DiskFullException || message.contains("no space left on device")
                    || message.contains("disk quota exceeded") || message.contains("sqlite_full")) {
                return true;
            }
        }
        return false;
    }
}
