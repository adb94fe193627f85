package dev.kvsedge.agent.segments;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A complete recorded segment on the hub device: an MKV file whose clusters start on key frames, written as
 * {@code *.part} and renamed when complete, so an indexed segment is never torn.
 *
 * @param id the index's key
 * @param streamArn the stream the segment is for
 * @param file where it lives in the agent's data dir
 * @param start the wall-clock time of its first frame (the recording time PutMedia must keep)
 * @param end the wall-clock time its last frame ends
 * @param uploaded true once every fragment of it was PERSISTED on the server
 */
public record Segment(long id, String streamArn, Path file, Instant start, Instant end, long sizeBytes,
        boolean uploaded) {}
