package dev.kvsedge.agent.sync;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What to record and where.
 *
 * @param mediaUri the camera (rtsp/rtsps) or file URI; may hold a password, so never log it
 * @param mediaUriType RTSP_URI or FILE_URI
 * @param directory the stream's own media directory: segments are written there as {@code *.part}, renamed when
 *     complete and then indexed; deleting the stream's configuration deletes the whole directory
 * @param mayWrite false while DENY_NEW_MEDIA pauses the stream (its local media is at the size cap): check before
 *     starting each segment. The reconciler also stops the recording then, so a recorder may ignore it.
 */
public record RecordingPlan(String streamArn, URI mediaUri, String mediaUriType, Path directory, BooleanSupplier mayWrite) {

    /** Leaves the media URI out: it may hold the camera's password. */
    @Override
    public String toString() {
        return "RecordingPlan[streamArn=" + streamArn + ", mediaUriType=" + mediaUriType + ", directory=" + directory + "]";
    }
}
