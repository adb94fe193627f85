package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.record.MediaRoom;
import java.net.URI;
import java.nio.file.Path;

/**
 * What to record and where.
 *
 * @param mediaUri the camera (rtsp/rtsps) or file URI; may hold a password, so never log it
 * @param mediaUriType RTSP_URI or FILE_URI
 * @param directory the stream's own media directory: segments are written there as {@code *.part}, renamed when
 *     complete and then indexed; deleting the stream's configuration deletes the whole directory
 * @param room the stream's room on the device (its size cap and strategy): the recorder asks it as segments grow
 */
public record RecordingPlan(String streamArn, URI mediaUri, String mediaUriType, Path directory, MediaRoom room) {

    /** Leaves the media URI out: it may hold the camera's password. */
    @Override
    public String toString() {
        return "RecordingPlan[streamArn=" + streamArn + ", mediaUriType=" + mediaUriType + ", directory=" + directory
                + "]";
    }
}
