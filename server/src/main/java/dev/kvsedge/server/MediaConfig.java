package dev.kvsedge.server;

import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.ingest.IngestLimits;
import java.time.Duration;

/**
 * The data plane's settings.
 *
 * @param s3 the S3-compatible bucket for fragment media, or null for the data dir
 * @param ingest PutMedia's limits
 * @param retentionSweep how often fragments past their stream's retention are deleted
 * @param orphanGrace how old a blob that no fragment names must be before it is deleted (a younger one may belong to a
 *     fragment whose index row is being committed); the orphan sweep runs at start and once per this period
 */
public record MediaConfig(S3Config s3, IngestLimits ingest, Duration retentionSweep, Duration orphanGrace) {

    public static final MediaConfig DEFAULTS = new MediaConfig(null, IngestLimits.AWS, Duration.ofMinutes(1),
            Duration.ofHours(1));

    public MediaConfig withS3(S3Config bucket) {
        return new MediaConfig(bucket, ingest, retentionSweep, orphanGrace);
    }

    public MediaConfig withIngest(IngestLimits limits) {
        return new MediaConfig(s3, limits, retentionSweep, orphanGrace);
    }

    public MediaConfig withOrphanGrace(Duration grace) {
        return new MediaConfig(s3, ingest, retentionSweep, grace);
    }
}
