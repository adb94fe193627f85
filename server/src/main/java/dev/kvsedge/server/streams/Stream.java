package dev.kvsedge.server.streams;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Kinesis video stream as stored. {@code version} changes on every update of the stream's
 * metadata; {@code creationTime} has millisecond precision and is part of the ARN, so a stream
 * created again under the same name gets a new ARN.
 *
 * @param deviceName null when not set
 * @param mediaType null when not set
 * @param kmsKeyId null when not set
 * @param tags sorted by key
 */
public record Stream(
        StreamKey key,
        String arn,
        String deviceName,
        String mediaType,
        String kmsKeyId,
        String version,
        Instant creationTime,
        int dataRetentionInHours,
        SortedMap<String, String> tags) {

    public Stream {
        tags = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags));
    }

    public Stream withTags(Map<String, String> newTags) {
        return new Stream(key, arn, deviceName, mediaType, kmsKeyId, version, creationTime, dataRetentionInHours,
                new TreeMap<>(newTags));
    }
}
