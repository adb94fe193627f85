package dev.kvsedge.agent.record;

import java.time.Clock;
import java.time.Instant;

/**
 * Puts a source's media timestamps on the wall clock: a connection's first frame is "now", and later frames are
 * that plus their media time since it, so the spacing the camera encoded is kept exactly. The anchor is set again
 * when the two clocks part by more than {@link #MAX_DRIFT_NANOS} (checked at key frames, so a cluster keeps one
 * time line), or at once when the media time jumps (a camera that restarted its timestamps): segment times then
 * stay close to the real recording time over days, and never go backwards.
 *
 * <p>Also paces a file source: {@link #nanosUntil} says how long to wait before a frame is due, measured on the
 * monotonic clock so that a wall clock step does not stall or rush it.
 */
final class MediaClock {
    /** How far the wall clock and a camera's clock may part before the camera's is re-anchored. */
    static final long MAX_DRIFT_NANOS = 2_000_000_000L;

    private final Clock clock;
    private boolean anchored;
    private long anchorWall;
    private long anchorTick;
    private long anchorMedia;
    private long lastWall = Long.MIN_VALUE;

    MediaClock(Clock clock) {
        this.clock = clock;
    }

    /** The wall time, in epoch nanoseconds, of the frame at {@code mediaNanos}. */
    long wallNanos(long mediaNanos, boolean keyFrame) {
        long now = nowNanos();
        if (!anchored) {
            anchor(mediaNanos, Math.max(now, lastWall));
        }
        long wall = anchorWall + (mediaNanos - anchorMedia);
        boolean jumped = lastWall != Long.MIN_VALUE && wall < lastWall - MAX_DRIFT_NANOS || wall > now + MAX_DRIFT_NANOS;
        boolean drifted = keyFrame && Math.abs(now - wall) > MAX_DRIFT_NANOS;
        if (jumped || drifted) {
            anchor(mediaNanos, Math.max(now, lastWall));
            wall = anchorWall;
        }
        lastWall = Math.max(lastWall, wall);
        return wall;
    }

    /** Nanoseconds until the frame at {@code mediaNanos} is due (negative when late, 0 before the first frame). */
    long nanosUntil(long mediaNanos) {
        return anchored ? anchorTick + (mediaNanos - anchorMedia) - System.nanoTime() : 0;
    }

    /** A new connection: its first frame anchors the clock again (times still never go backwards). */
    void reset() {
        anchored = false;
    }

    private void anchor(long media, long wall) {
        anchored = true;
        anchorMedia = media;
        anchorWall = wall;
        anchorTick = System.nanoTime();
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
