package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.status.JobStatus;

/** A running recorder for one stream. */
public interface RunningRecorder extends AutoCloseable {

    /** False once the recorder gave up for good (the reconciler then starts a new one after a pause). */
    boolean alive();

    /** What to report as RecorderStatus now: SUCCESS while recording, USER_ERROR for a bad URI or camera login... */
    JobStatus status();

    /** How often it lost the camera and connected again, for the metrics. */
    long reconnects();

    /** Whether the camera refuses the credentials of its URI (401): the reconciler reads the camera secret again. */
    default boolean credentialsRefused() {
        return false;
    }

    /** Stops recording, completing (renaming and indexing) the segment being written; waits until done. */
    @Override
    void close();
}
