package dev.kvsedge.server.ingest;

import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.disk.DataDisk;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.FragmentNumbers;
import dev.kvsedge.server.fragments.GroupCommit;
import java.time.Clock;
import java.util.function.Predicate;

/**
 * What every ingest session shares.
 *
 * @param index where fragments are indexed, batched across uploads
 * @param streamExists whether a stream ARN still names a live stream (a deleted stream's upload ends with 4008)
 * @param disk whether the data disk has room for media (fragments are refused with 5001 while it is full)
 */
public record IngestContext(GroupCommit index, BlobStore blobs, FragmentNumbers numbers, FragmentFeed feed, Clock clock,
                            IngestLimits limits, Predicate<String> streamExists, DataDisk disk) {
}
