package dev.kvsedge.agent.record;

import dev.kvsedge.agent.time.Backoff;
import dev.kvsedge.agent.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording's state while the disk it writes to is full: going on while the stream's oldest media is deleted to
 * make room (DELETE_OLDEST_MEDIA), or paused with a backoff when nothing may be deleted (DENY_NEW_MEDIA, or nothing
 * older left). The camera stays connected meanwhile: a full disk is no reason to hang up on it. It says so in one
 * log line when it starts and one when it ends, not at every try; the status carries the details.
 */
final class DiskFull {
    private static final Logger LOG = LoggerFactory.getLogger(DiskFull.class);

    private final Ticker ticker;
    private final Backoff backoff;
    private final String where;
    private boolean full;
    private boolean paused;
    private long retryAt;

    /** @param where the folder written to: statuses and the log name it, and its free space is looked at */
    DiskFull(Ticker ticker, Backoff backoff, String where) {
        this.ticker = ticker;
        this.backoff = backoff;
        this.where = where;
    }

    /** Room was made by deleting older media and recording goes on; returns the status details. */
    String makingRoom() {
        String details = "The disk holding " + where + " is full: the stream's oldest media is deleted to make room"
                + " (StrategyOnFullSize DELETE_OLDEST_MEDIA)";
        if (!full) {
            LOG.warn("{}", details);
        }
        full = true;
        paused = false;
        return details;
    }

    /** No room could be made: recording pauses until {@link #mayTry} says yes again; returns the status details. */
    String pause(Throwable cause, String limit) {
        Duration wait = backoff.next();
        retryAt = ticker.nanos() + wait.toNanos();
        paused = true;
        String details = "The disk holding " + where + " is full (" + reason(cause)
                + ") and nothing of the stream may be"
                + " deleted to make room (" + limit + "): recording is paused; trying again in "
                + wait.toMillis() / 1000.0 + " s";
        if (!full) {
            LOG.warn("{}", details);
        }
        full = true;
        return details;
    }

    /** Whether frames may be written: not paused, or the pause is over (then this is the next try). */
    boolean mayTry() {
        if (paused && ticker.nanos() - retryAt >= 0) {
            paused = false;
        }
        return !paused;
    }

    boolean paused() {
        return paused;
    }

    /** Whether the disk was full at the last write and has not had room since (the status says so). */
    boolean full() {
        return full;
    }

    /**
     * A segment was completed: a full disk is over once a segment needed no room made and the disk has room for two
     * more like it (so that the state does not flap while the oldest media is deleted segment by segment). Returns
     * whether it is over now.
     */
    boolean segmentDone(long segmentBytes, boolean roomMade) {
        if (!full || paused || roomMade || usableSpace() < 2 * segmentBytes) {
            return false;
        }
        full = false;
        backoff.reset();
        LOG.info("The disk holding {} has room again: recording goes on", where);
        return true;
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(Path.of(where)).getUsableSpace();
        } catch (IOException e) {
            return 0; // not known: still full
        }
    }

    private static String reason(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("quota")) {
                return "Disk quota exceeded";
            }
            if (message.contains("no space left") || message.contains("disk is full")
                    || message.contains("sqlite_full")) {
                return "No space left on device";
            }
        }
        return String.valueOf(cause.getMessage());
    }
}
