package dev.kvsedge.server.edge;

import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import dev.kvsedge.model.edge.EdgeShapes.UploaderConfig;

/**
 * The defaults AWS documents for members a StartEdgeConfigurationUpdate leaves out: media kept 720
 * hours on the device, deleted after upload, uploaded every hour. Applied when the configuration is
 * stored, so Describe and the agent see the same complete configuration.
 */
public final class EdgeDefaults {
    public static final int EDGE_RETENTION_HOURS = 720;
    /** Quartz: at minute 0 of every hour. */
    public static final ScheduleConfig HOURLY_UPLOAD = new ScheduleConfig("0 0 * * * ?", 3600);

    private EdgeDefaults() {}

    public static EdgeConfig apply(EdgeConfig config) {
        UploaderConfig uploader = config.uploaderConfig() != null
                ? config.uploaderConfig()
                : new UploaderConfig(HOURLY_UPLOAD);
        DeletionConfig deletion = config.deletionConfig() != null
                ? config.deletionConfig()
                : new DeletionConfig(null, null, null);
        deletion = new DeletionConfig(
                deletion.edgeRetentionInHours() != null ? deletion.edgeRetentionInHours() : EDGE_RETENTION_HOURS,
                deletion.localSizeConfig(),
                deletion.deleteAfterUpload() != null ? deletion.deleteAfterUpload() : Boolean.TRUE);
        return new EdgeConfig(config.hubDeviceArn(), config.recorderConfig(), uploader, deletion);
    }
}
