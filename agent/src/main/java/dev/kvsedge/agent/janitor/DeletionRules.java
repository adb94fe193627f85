package dev.kvsedge.agent.janitor;

import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import java.time.Duration;

/**
 * A stream's DeletionConfig with AWS's defaults filled in (720 hours, delete after upload, no size cap).
 *
 * @param capBytes MaxLocalMediaSizeInMB in bytes (1 MB = 1,048,576 bytes), or -1 for no cap
 */
public record DeletionRules(Duration retention, long capBytes, Strategy strategy, boolean deleteAfterUpload) {
    public static final int DEFAULT_RETENTION_HOURS = 720;
    /** MaxLocalMediaSizeInMB counts mebibytes. */
    public static final long MB = 1024 * 1024;

    /** LocalSizeConfig's StrategyOnFullSize. */
    public enum Strategy {
        DELETE_OLDEST_MEDIA, DENY_NEW_MEDIA
    }

    public static DeletionRules of(DeletionConfig config) {
        DeletionConfig c = config != null ? config : new DeletionConfig(null, null, null);
        Duration retention = Duration
                .ofHours(c.edgeRetentionInHours() != null ? c.edgeRetentionInHours() : DEFAULT_RETENTION_HOURS);
        LocalSizeConfig size = c.localSizeConfig();
        long cap = size == null || size.maxLocalMediaSizeInMB() == null ? -1 : size.maxLocalMediaSizeInMB() * MB;
        Strategy strategy = size != null && "DENY_NEW_MEDIA".equals(size.strategyOnFullSize())
                ? Strategy.DENY_NEW_MEDIA
                : Strategy.DELETE_OLDEST_MEDIA;
        return new DeletionRules(retention, cap, strategy, c.deleteAfterUpload() == null || c.deleteAfterUpload());
    }

    public boolean capped() {
        return capBytes >= 0;
    }
}
