package dev.kvsedge.server.blob;

import java.util.Objects;

/**
 * A bucket and a key prefix, written {@code s3://bucket} or {@code s3://bucket/some/prefix}. The prefix is
 * kept with a trailing '/' (or empty) so that a blob's object key is {@code prefix + key}.
 */
public record S3Location(String bucket, String prefix) {

    public S3Location {
        checkBucket(bucket);
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty()) {
            if (!prefix.endsWith("/")) {
                throw new IllegalArgumentException("An S3 key prefix ends with '/': '" + prefix + "'");
            }
            BlobKeys.checkSegments(prefix.substring(0, prefix.length() - 1), "S3 key prefix");
        }
    }

    /** Reads {@code s3://bucket[/prefix[/]]}. */
    public static S3Location parse(String text) {
        if (text == null || !text.startsWith("s3://")) {
            throw new IllegalArgumentException("Not an s3://bucket[/prefix] location: '" + text + "'");
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return new S3Location(rest, "");
        }
        String prefix = rest.substring(slash + 1);
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix += "/";
        }
        return new S3Location(rest.substring(0, slash), prefix);
    }

    /** The object key of a blob: the prefix, then the blob key. */
    String objectKey(String key) {
        return prefix + key;
    }

    @Override
    public String toString() {
        return prefix.isEmpty() ? "s3://" + bucket : "s3://" + bucket + "/" + prefix.substring(0, prefix.length() - 1);
    }

    /**
     * S3's rules for bucket names (3 to 63 of a-z 0-9 . -, a letter or digit at both ends), which also make
     * the name safe as a URL path segment and a host name label.
     */
    private static void checkBucket(String bucket) {
        boolean valid = bucket != null && bucket.length() >= 3 && bucket.length() <= 63
                && isLowerAlnum(bucket.charAt(0)) && isLowerAlnum(bucket.charAt(bucket.length() - 1))
                && bucket.chars().allMatch(c -> isLowerAlnum((char) c) || c == '.' || c == '-');
        if (!valid) {
            throw new IllegalArgumentException("Not an S3 bucket name: '" + bucket + "'");
        }
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
