package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.janitor.Janitor;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.time.Ticker;
import dev.kvsedge.agent.upload.PutMediaEndpoint;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import java.time.Clock;
import java.time.Duration;

/**
 * What every stream's jobs share: the wall clock (schedules, retention) and the ticker (retries, sweeps), the segment
 * index and its claims, the upload endpoint, the recorder and the janitor.
 *
 * @param janitorEvery how often the janitor sweeps a stream (every tick when zero)
 * @param recorderRetry how long after a recorder gave up a new one is started
 */
public record JobServices(Clock clock, Ticker ticker, SegmentIndex index, SegmentClaims claims, UploadProgress progress,
        PutMediaEndpoint endpoint, RecorderLauncher recorders, Janitor janitor, AgentMetrics metrics,
        Duration janitorEvery, Duration recorderRetry) {

    public static final Duration DEFAULT_JANITOR_EVERY = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECORDER_RETRY = Duration.ofSeconds(5);
}
