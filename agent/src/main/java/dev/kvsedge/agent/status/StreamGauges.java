package dev.kvsedge.agent.status;

/**
 * A stream's state for /metrics, read when scraped.
 *
 * @param capBytes MaxLocalMediaSizeInMB in bytes, or -1 without a cap
 * @param cameraReconnects how often its recorders reconnected to the camera since its jobs started
 */
public record StreamGauges(String streamArn, boolean recording, boolean uploading, long segments, long bytes,
        long capBytes,
        long pendingUploads, long cameraReconnects) {

    /** How full the local media is, in percent of the cap; -1 without a cap. */
    public double capPercent() {
        return capBytes < 0 ? -1 : capBytes == 0 ? 100 : 100.0 * bytes / capBytes;
    }
}
