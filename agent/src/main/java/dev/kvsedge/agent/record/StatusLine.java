package dev.kvsedge.agent.record;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a recording says about itself: its {@link RecorderStatus} for the listener and the reporter, and the log.
 * A failure is logged at each retry, with its wait;
 * "Recording" is said once per stretch of recording, so a pause or a failure is never overwritten by it.
 */
final class StatusLine {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);

    private final RecordingListener listener;
    private volatile RecorderStatus status;
    private boolean sayingRecording;
    private String failureLogged;

    StatusLine(RecorderStatus first, RecordingListener listener) {
        this.status = first;
        this.listener = listener;
    }

    RecorderStatus get() {
        return status;
    }

    /** Sets the status; tells the listener and returns true when it changed other than in lastCollectedTime. */
    boolean set(Status kind, String details) {
        RecorderStatus old = status;
        if (old.status() == kind && old.details().equals(details)) {
            return false;
        }
        status = new RecorderStatus(kind, details, old.lastCollectedTime());
        if (kind == Status.SUCCESS) {
            LOG.info("{}", details);
        }
        listener.statusChanged(status);
        return true;
    }

    /** Something other than recording is to be said (a pause, a failure): "Recording" is said again afterwards. */
    boolean setNotRecording(Status kind, String details) {
        sayingRecording = false;
        return set(kind, details);
    }

    /** Frames are being recorded: says so, once per stretch. */
    void recording(String details) {
        if (!sayingRecording) {
            sayingRecording = true;
            failureLogged = null;
            set(Status.SUCCESS, details);
        }
    }

    /** The stretch of recording is over (the connection ended): "Recording" is said again at the next one. */
    void stretchEnded() {
        sayingRecording = false;
    }

    /**
     * A failure that is retried after {@code wait}: one log line per retry (what failed and when it is tried again),
     * with the stack trace only the first time a bug shows.
     */
    void failed(Status kind, String message, Duration wait, Throwable cause) {
        String details = message + "; retrying in " + wait.toMillis() / 1000.0 + " s";
        setNotRecording(kind, details);
        boolean bugSeenFirst = cause instanceof RuntimeException && !message.equals(failureLogged);
        failureLogged = message;
        if (bugSeenFirst) {
            LOG.warn("{}", details, cause);
        } else {
            LOG.warn("{}", details);
        }
    }

    /** A segment was stored at {@code time}. */
    void collected(Instant time) {
        status = status.withLastCollected(time);
    }
}
