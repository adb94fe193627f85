package dev.kvsedge.server;

import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import java.net.URI;
import java.time.Duration;

/**
 * Where streams deliver what they are configured to: images (UpdateImageGenerationConfiguration) are written to
 * S3 buckets through {@code s3}, notifications (UpdateNotificationConfiguration) are published through {@code sns}.
 * Either may be null: the configurations are kept and described, and nothing of that kind is sent.
 *
 * @param sweep how often new fragments are looked for
 */
public record DeliveryConfig(S3Access s3, SnsAccess sns, Duration sweep) {
    public static final DeliveryConfig NONE = new DeliveryConfig(null, null, Duration.ofSeconds(1));

    /** An S3-compatible server (null endpoint: Amazon S3 in {@code region}) and the key pair to write with. */
    public record S3Access(URI endpoint, String region, String accessKeyId, String secretAccessKey) {

        /** How to reach the bucket of an {@code s3://bucket[/prefix]} destination. */
        public S3Config forLocation(S3Location location) {
            return endpoint == null
                    ? S3Config.forAws(location, region, accessKeyId, secretAccessKey)
                    : S3Config.forEndpoint(location, endpoint, region, accessKeyId, secretAccessKey);
        }

        @Override
        public String toString() {
            return "S3Access[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId
                    + ", secret=****]";
        }
    }

    /** An SNS-compatible endpoint (the region comes from each topic's ARN) and the key pair to publish with. */
    public record SnsAccess(URI endpoint, String accessKeyId, String secretAccessKey) {
        @Override
        public String toString() {
            return "SnsAccess[endpoint=" + endpoint + ", accessKeyId=" + accessKeyId + ", secret=****]";
        }
    }

    public DeliveryConfig withS3(S3Access access) {
        return new DeliveryConfig(access, sns, sweep);
    }

    public DeliveryConfig withSns(SnsAccess access) {
        return new DeliveryConfig(s3, access, sweep);
    }
}
