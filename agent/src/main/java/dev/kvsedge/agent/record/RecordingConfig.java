package dev.kvsedge.agent.record;

import dev.kvsedge.agent.time.Ticker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * How to record one stream.
 *
 * @param streamArn the stream the segments are for
 * @param source the camera or file
 * @param segmentDir the stream's own folder, where its segments are written (and nothing else is)
 * @param segmentDuration a new segment starts at the first key frame at or after this much media
 * @param maxClusterDuration a cluster is cut before a frame that would end later than this after the cluster's
 *     start, even without a key frame (long-GOP cameras); at most 10 s, the server's limit on a fragment
 * @param ioTimeout how long a camera may stay silent (connecting or streaming) before it counts as failed
 * @param firstRetry the wait before the first reconnect; it doubles after each failure ...
 * @param maxRetry ... up to this, and resets once a connection delivers a key frame
 * @param loopFile whether a FILE_URI source starts over at its end, like a camera that never stops (true), or
 *     ends the recording (false)
 * @param room the stream's room on the device, asked frame by frame as segments grow: its MaxLocalMediaSizeInMB and
 *     StrategyOnFullSize, and what to delete when the disk is full
 * @param clock the wall clock recording times are anchored to
 * @param ticker the monotonic clock recording times run on between anchors, and a file source is paced by
 */
public record RecordingConfig(String streamArn, MediaSource source, Path segmentDir, Duration segmentDuration,
        Duration maxClusterDuration, Duration ioTimeout, Duration firstRetry, Duration maxRetry,
        boolean loopFile, MediaRoom room, InstantSource clock,
        Ticker ticker) {
    /** The server's fragment duration limit, which a cluster (a PutMedia fragment) must keep. */
    public static final Duration MAX_CLUSTER = Duration.ofSeconds(10);

    public RecordingConfig {
        Objects.requireNonNull(streamArn, "streamArn");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(segmentDir, "segmentDir");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ticker, "ticker");
        if (segmentDuration.isNegative() || segmentDuration.isZero()) {
            throw new IllegalArgumentException("segment duration must be positive");
        }
        if (maxClusterDuration.compareTo(MAX_CLUSTER) > 0 || maxClusterDuration.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "cluster duration limit must be 100 ms to 10 s, not " + maxClusterDuration);
        }
        if (ioTimeout.toMillis() < 100 || firstRetry.isNegative() || maxRetry.compareTo(firstRetry) < 0) {
            throw new IllegalArgumentException("bad timeout or retry durations");
        }
    }

    /** Defaults: 10 s segments, 10 s cluster limit, 5 s I/O timeout, retries from 1 s doubling to 30 s, files loop. */
    public static RecordingConfig of(String streamArn, MediaSource source, Path segmentDir) {
        return new RecordingConfig(streamArn, source, segmentDir, Duration.ofSeconds(10), MAX_CLUSTER,
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(30), true, MediaRoom.UNLIMITED,
                Clock.systemUTC(), Ticker.system());
    }

    public RecordingConfig withSegmentDuration(Duration d) {
        return new RecordingConfig(streamArn, source, segmentDir, d, maxClusterDuration, ioTimeout, firstRetry,
                maxRetry, loopFile, room, clock, ticker);
    }

    public RecordingConfig withMaxClusterDuration(Duration d) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, d, ioTimeout, firstRetry,
                maxRetry, loopFile, room, clock, ticker);
    }

    public RecordingConfig withIoTimeout(Duration d) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, maxClusterDuration, d, firstRetry,
                maxRetry, loopFile, room, clock, ticker);
    }

    public RecordingConfig withRetry(Duration first, Duration max) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, maxClusterDuration, ioTimeout,
                first, max, loopFile, room, clock, ticker);
    }

    public RecordingConfig withLoopFile(boolean loop) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, maxClusterDuration, ioTimeout,
                firstRetry, maxRetry, loop, room, clock, ticker);
    }

    public RecordingConfig withRoom(MediaRoom r) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, maxClusterDuration, ioTimeout,
                firstRetry, maxRetry, loopFile, r, clock, ticker);
    }

    public RecordingConfig withClock(InstantSource c) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, maxClusterDuration, ioTimeout,
                firstRetry, maxRetry, loopFile, room, c, ticker);
    }

    public RecordingConfig withTicker(Ticker t) {
        return new RecordingConfig(streamArn, source, segmentDir, segmentDuration, maxClusterDuration, ioTimeout,
                firstRetry, maxRetry, loopFile, room, clock, t);
    }
}
