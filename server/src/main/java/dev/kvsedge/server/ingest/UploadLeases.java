package dev.kvsedge.server.ingest;

import java.util.OptionalLong;

/**
 * Who uploads to a stream, cluster-wide: each new PutMedia takes the stream with a greater fencing token, and the index
 * takes a fragment only while its upload's token is still the stream's. So an older upload, on any node (one paused,
 * or cut off from its client), cannot write once another took the stream.
 */
public interface UploadLeases {

    /** Takes the stream for a new upload from this node: its fencing token, or empty when the stream is gone. */
    OptionalLong take(String streamArn);

    /** The token of the upload that holds the stream now, or empty when the stream is gone. */
    OptionalLong current(String streamArn);
}
