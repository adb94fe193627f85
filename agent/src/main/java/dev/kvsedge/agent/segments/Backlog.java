package dev.kvsedge.agent.segments;

import java.time.Instant;
import java.util.List;

/**
 * A stream's segments that wait on the hub for upload, as the hub page shows them.
 *
 * @param oldestRecording when the oldest waiting segment starts, or null when nothing waits
 * @param pending the recording spans they cover, merged where segments follow each other, oldest first
 */
public record Backlog(long segments, long bytes, Instant oldestRecording, List<Span> pending) {

    public Backlog {
        pending = List.copyOf(pending);
    }

    public record Span(Instant start, Instant end) {}
}
