package dev.kvsedge.server.streams;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A Kinesis video stream as stored. {@code version} changes on every update of the stream's
 * metadata; {@code creationTime} has millisecond precision and is part of the ARN, so a stream
 * created again under the same name gets a new ARN.
 *
 * @param deviceName null when not set
 * @param mediaType null when not set
 * @param kmsKeyId null when not set
 * @param tags sorted by key
 * @param storageTier the DefaultStorageTier: HOT (the default) or WARM; kept and shown, media is stored the same way
 */
public record Stream(
        StreamKey key,
        String arn,
        @Nullable String deviceName,
        @Nullable String mediaType,
        @Nullable String kmsKeyId,
        String version,
        Instant creationTime,
        int dataRetentionInHours,
        SortedMap<String, String> tags,
        String storageTier) {
    public static final String HOT = "HOT";

    public Stream {
        tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        storageTier = storageTier == null ? HOT : storageTier;
    }

    /** A stream on the HOT tier. */
    public Stream(StreamKey key, String arn, String deviceName, String mediaType, String kmsKeyId, String version,
            Instant creationTime, int dataRetentionInHours, SortedMap<String, String> tags) {
        this(key, arn, deviceName, mediaType, kmsKeyId, version, creationTime, dataRetentionInHours, tags, HOT);
    }

    public Stream withTags(Map<String, String> newTags) {
        return new Stream(key, arn, deviceName, mediaType, kmsKeyId, version, creationTime, dataRetentionInHours,
                new TreeMap<>(newTags), storageTier);
    }

    /** The stream on another storage tier, with a new version. */
    public Stream withStorageTier(String tier, String newVersion) {
        return new Stream(key, arn, deviceName, mediaType, kmsKeyId, newVersion, creationTime, dataRetentionInHours,
                tags, tier);
    }
}
