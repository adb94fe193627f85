package dev.kvsedge.agent.sync;

/**
 * Starts recorders: the seam between the reconciler, which decides when a stream records, and the recorder,
 * which copies the camera into indexed MKV segments. The recorder package implements it; tests fake it.
 */
@FunctionalInterface
public interface RecorderLauncher {

    /** Starts recording now; the recording runs until closed, reconnecting to the camera by itself. */
    RunningRecorder start(RecordingPlan plan);
}
