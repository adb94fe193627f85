package dev.kvsedge.agent.record;

import dev.kvsedge.agent.time.Ticker;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a source's media timestamps on a recording time line (epoch nanoseconds) that is true to the wall clock,
 * keeps the spacing the camera encoded, and never goes back.
 *
 * <p>A connection's first frame is anchored at the wall clock's time; later frames are the anchor plus their media
 * time since it. The time line runs on the monotonic {@link Ticker}: the anchor is set again when the camera's
 * clock parts from it by more than {@link #MAX_DRIFT_NANOS} (checked at key frames, so a cluster keeps one time
 * line) or at once when the media time jumps (a camera that restarted its timestamps).
 *
 * <p><b>Wall clock steps</b> (NTP, a user setting the time) are seen at key frames as the wall clock parting from
 * the time line by more than {@link #MAX_DRIFT_NANOS}. A step forward is followed: the recording shows a gap of the
 * step. A step back is not: times go on from where they were, ahead of the wall clock by the step, because a time
 * that went back would overlap what was recorded (and uploaded) already. They meet the wall clock again when the
 * recording pauses (a reconnect, a schedule window, a restart) for longer than they are ahead: a new anchor is the
 * wall clock's time, but never before the end of the last frame. Frame spacing stays the camera's throughout. A
 * step back of more than {@link #MAX_AHEAD_NANOS} (a hub that booted with its clock years ahead) is followed
 * instead: times that far ahead were never believable, and keeping them would keep every recording from then on
 * wrong. The recorder starts a new segment there.
 *
 * <p>Also paces a file source: {@link #nanosUntil} says how long to wait before a frame is due, on the ticker.
 */
final class MediaClock {
    private static final Logger LOG = LoggerFactory.getLogger(MediaClock.class);
    /** How far the camera's clock, or the wall clock, may part from the time line before it counts as a step. */
    static final long MAX_DRIFT_NANOS = 2_000_000_000L;
    /** How far ahead of the wall clock recording times may stay after a step back, rather than follow it back. */
    static final long MAX_AHEAD_NANOS = 24 * 3_600_000_000_000L;

    private final InstantSource wall;
    private final Ticker ticker;
    private final String name;
    private boolean anchored;
    private long anchorMedia;
    private long anchorTick;
    /** The time line's time at the anchor. */
    private long anchorTime;
    /** The latest frame's time, and the latest end of a frame: no frame is put before either. */
    private long last = Long.MIN_VALUE;
    private long floor = Long.MIN_VALUE;
    /** How far ahead of the wall clock the time line was when last logged (after a step back). */
    private long aheadLogged;

    /** @param name what the log lines about clock steps name (the recording) */
    MediaClock(InstantSource wall, Ticker ticker, String name) {
        this.wall = wall;
        this.ticker = ticker;
        this.name = name;
    }

    /** Starts the time line after {@code end} (epoch nanoseconds): a recording that goes on from earlier ones. */
    void notBefore(long end) {
        floor = Math.max(floor, end);
    }

    /** The time, in epoch nanoseconds, of the frame at {@code mediaNanos} lasting {@code durationNanos}. */
    long timeOf(long mediaNanos, long durationNanos, boolean keyFrame) {
        long tick = ticker.nanos();
        if (!anchored) {
            anchor(mediaNanos, tick, notBack(wallNanos()));
        }
        long present = anchorTime + (tick - anchorTick);
        long t = anchorTime + (mediaNanos - anchorMedia);
        boolean jumped = last != Long.MIN_VALUE && t < last - MAX_DRIFT_NANOS || t > present + MAX_DRIFT_NANOS;
        if (jumped || keyFrame && Math.abs(present - t) > MAX_DRIFT_NANOS) {
            t = anchor(mediaNanos, tick, Math.max(present, floor));
            present = t;
        }
        if (keyFrame) {
            long now = wallNanos();
            long step = now - present;
            if (step > MAX_DRIFT_NANOS) {
                t = anchor(mediaNanos, tick, now);
                LOG.info("{}: the wall clock went forward by {} s: recording times follow it (a gap of as much)",
                        name, seconds(step));
                aheadLogged = 0;
            } else if (step < -MAX_AHEAD_NANOS) {
                t = anchor(mediaNanos, tick, now);
                floor = Long.MIN_VALUE;
                last = Long.MIN_VALUE;
                LOG.warn(
                        "{}: the wall clock went back by {} s, more than a day: recording times follow it (those before"
                                + " were not believable)",
                        name, seconds(-step));
                aheadLogged = 0;
            } else if (step < -MAX_DRIFT_NANOS && Math.abs(-step - aheadLogged) > MAX_DRIFT_NANOS) {
                LOG.warn("{}: the wall clock went back: recording times go on from where they were, {} s ahead of it,"
                        + " so that none goes back; they meet it again after a pause in recording that long", name,
                        seconds(-step));
                aheadLogged = -step;
            } else if (step >= -MAX_DRIFT_NANOS && aheadLogged != 0) {
                LOG.info("{}: recording times meet the wall clock again", name);
                aheadLogged = 0;
            }
        }
        last = Math.max(last, t);
        floor = Math.max(floor, t + durationNanos);
        return t;
    }

    /**
     * The time of a frame of another track (audio) at {@code mediaNanos}, on the video's time line: it neither
     * anchors nor moves it. Long.MIN_VALUE before the first video frame.
     */
    long timeAlong(long mediaNanos) {
        return anchored ? anchorTime + (mediaNanos - anchorMedia) : Long.MIN_VALUE;
    }

    /** Nanoseconds until the frame at {@code mediaNanos} is due (negative when late, 0 before the first frame). */
    long nanosUntil(long mediaNanos) {
        return anchored ? anchorTick + (mediaNanos - anchorMedia) - ticker.nanos() : 0;
    }

    /** A new connection: its first frame anchors the clock again, at the wall clock's time or after the last frame. */
    void reset() {
        anchored = false;
    }

    /** Where a new anchor goes: the wall clock's time, but not before the last frame's end unless that is unbelievable. */
    private long notBack(long wall) {
        return floor != Long.MIN_VALUE && floor - wall > MAX_AHEAD_NANOS ? wall : Math.max(wall, floor);
    }

    private long anchor(long media, long tick, long time) {
        anchored = true;
        anchorMedia = media;
        anchorTick = tick;
        anchorTime = time;
        return time;
    }

    private long wallNanos() {
        Instant now = wall.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
