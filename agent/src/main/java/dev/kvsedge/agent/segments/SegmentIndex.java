package dev.kvsedge.agent.segments;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The agent's index of complete segments, kept in its data dir (it survives restarts). The recorder adds
 * segments, the uploader marks them uploaded, the janitor removes them. Lists are oldest first.
 */
public interface SegmentIndex extends AutoCloseable {

    /** Indexes a complete segment (already renamed from {@code *.part}). */
    Segment add(String streamArn, Path file, Instant start, Instant end, long sizeBytes);

    /** Segments of the stream not yet uploaded, oldest first. */
    List<Segment> pending(String streamArn, int limit);

    /**
     * What waits for upload: count, bytes, and the spans it covers (segments less than {@code mergeGap} apart are
     * one span), keeping the newest {@code maxSpans} spans.
     */
    Backlog backlog(String streamArn, java.time.Duration mergeGap, int maxSpans);

    /** Every indexed segment of the stream, oldest first. */
    List<Segment> all(String streamArn);

    /** Bytes of the stream's indexed segments. */
    long bytes(String streamArn);

    void markUploaded(long id);

    /** Forgets a segment; the caller deletes its file. */
    void remove(long id);

    /** The streams that have segments. */
    List<String> streams();

    @Override
    void close();
}
