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
 */
public record MediaConfig(S3Config s3, IngestLimits ingest, Duration retentionSweep) {

    public static final MediaConfig DEFAULTS = new MediaConfig(null, IngestLimits.AWS, Duration.ofMinutes(1));

    public MediaConfig withS3(S3Config bucket) {
        return new MediaConfig(bucket, ingest, retentionSweep);
    }

    public MediaConfig withIngest(IngestLimits limits) {
        return new MediaConfig(s3, limits, retentionSweep);
    }
}
