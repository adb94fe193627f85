package dev.kvsedge.server.ingest;

import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.disk.DataDisk;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.GroupCommit;
import dev.kvsedge.server.fragments.ResentFragments;
import java.time.Clock;

/**
 * What every ingest session shares.
 *
 * @param index where fragments are indexed and numbered, batched across uploads
 * @param resent finds the stored copy of a fragment sent again
 * @param leases which upload holds each stream, cluster-wide
 * @param disk whether the data disk has room for media (fragments are refused with 5001 while it is full)
 */
public record IngestContext(GroupCommit index, ResentFragments resent, BlobStore blobs, FragmentFeed feed, Clock clock,
        IngestLimits limits, UploadLeases leases, DataDisk disk) {}
