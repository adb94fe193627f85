package dev.kvsedge.server.hubs;

import java.time.Instant;
import java.util.List;

/**
 * What a hub's agent last reported it holds for a stream and has not uploaded yet.
 *
 * @param oldestRecording when the oldest waiting segment was recorded, or null when nothing waits
 * @param pendingRanges the recorded spans that wait, oldest first
 * @param reported when the server received the report
 */
public record StreamBacklog(String streamArn, long segments, long bytes, Instant oldestRecording,
        List<Span> pendingRanges,
        Instant reported) {

    public StreamBacklog {
        pendingRanges = List.copyOf(pendingRanges);
    }

    /** A span of recording time, {@code [start, end)}. */
    public record Span(Instant start, Instant end) {}
}
