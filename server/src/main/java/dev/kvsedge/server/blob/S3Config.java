package dev.kvsedge.server.blob;

import java.net.URI;
import java.util.Objects;

/**
 * Where and as whom {@link S3BlobStore} talks to S3 or an S3-compatible server.
 *
 * @param endpoint  the server's base URL, e.g. {@code http://127.0.0.1:9000}
 * @param pathStyle {@code http://host/bucket/key} rather than {@code http://bucket.host/key}; what
 *                  S3-compatible servers expect, and what works with an IP address
 */
public record S3Config(S3Location location, URI endpoint, String region, String accessKeyId,
        String secretAccessKey, boolean pathStyle) {

    public S3Config {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        String scheme = endpoint.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null
                || endpoint.getRawQuery() != null || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("Not an http(s)://host[:port] S3 endpoint: " + endpoint);
        }
    }

    /** An S3-compatible server at {@code endpoint}, addressed path-style. */
    public static S3Config forEndpoint(S3Location location, URI endpoint, String region, String accessKeyId,
            String secretAccessKey) {
        return new S3Config(location, endpoint, region, accessKeyId, secretAccessKey, true);
    }

    /** Amazon S3 itself in {@code region}, addressed virtual-host style as AWS recommends. */
    public static S3Config forAws(S3Location location, String region, String accessKeyId, String secretAccessKey) {
        return new S3Config(location, URI.create("https://s3." + region + ".amazonaws.com"), region, accessKeyId,
                secretAccessKey, false);
    }

    /** Leaves the secret out: configurations end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "S3Config[location=" + location + ", endpoint=" + endpoint + ", region=" + region
                + ", accessKeyId=" + accessKeyId + ", secretAccessKey=****, pathStyle=" + pathStyle + "]";
    }
}
