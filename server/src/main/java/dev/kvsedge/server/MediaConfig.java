package dev.kvsedge.server;

import dev.kvsedge.server.ingest.IngestLimits;
import java.time.Duration;

/**
 * The data plane's settings.
 *
 * @param store null for the data dir, or {@code s3://BUCKET[/PREFIX]} for an S3-compatible bucket
 * @param s3 how to reach the bucket when {@code store} is one (endpoint, region, keys), else null
 * @param ingest PutMedia's limits
 * @param retentionSweep how often fragments past their stream's retention are deleted
 */
public record MediaConfig(String store, S3Settings s3, IngestLimits ingest, Duration retentionSweep) {

    public static final MediaConfig DEFAULTS = new MediaConfig(null, null, IngestLimits.AWS, Duration.ofMinutes(1));

    /** Where and how to reach an S3-compatible server; the secret key never appears in toString. */
    public record S3Settings(String endpoint, String region, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId + "]";
        }
    }

    public MediaConfig withIngest(IngestLimits limits) {
        return new MediaConfig(store, s3, limits, retentionSweep);
    }

    public MediaConfig withRetentionSweep(Duration every) {
        return new MediaConfig(store, s3, ingest, every);
    }
}
