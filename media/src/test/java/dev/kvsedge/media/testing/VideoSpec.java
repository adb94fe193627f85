package dev.kvsedge.media.testing;

import java.time.Duration;

/**
 * What test video to make: picture size, frame rate, key frame interval and length.
 *
 * @param width picture width in pixels (even)
 * @param height picture height in pixels (even)
 * @param fps frames per second
 * @param gopFrames frames from one key frame to the next
 * @param frameCount frames in total
 * @param audio whether to add an AAC track (48 kHz stereo tones) as long as the video
 */
public record VideoSpec(int width, int height, int fps, int gopFrames, int frameCount, boolean audio) {

    /** Video only. */
    public VideoSpec(int width, int height, int fps, int gopFrames, int frameCount) {
        this(width, height, fps, gopFrames, frameCount, false);
    }

    public VideoSpec {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException(
                    "picture size must be even and at least 16x16, not " + width + "x" + height);
        }
        if (fps <= 0 || gopFrames <= 0 || frameCount <= 0) {
            throw new IllegalArgumentException("fps, GOP length and frame count must be positive");
        }
    }

    /** A spec for a duration, rounded to whole frames. */
    public static VideoSpec of(int width, int height, int fps, int gopFrames, Duration duration) {
        return new VideoSpec(width, height, fps, gopFrames, (int) Math.round(duration.toNanos() * fps / 1e9));
    }

    /** 320x240 at 25 fps, a key frame each second, 3 seconds: quick to make, three fragments. */
    public static VideoSpec small() {
        return new VideoSpec(320, 240, 25, 25, 75);
    }

    /** The same video with an AAC audio track. */
    public VideoSpec withAudio() {
        return new VideoSpec(width, height, fps, gopFrames, frameCount, true);
    }

    /** Nanoseconds per frame, rounded down. */
    public long frameDurationNanos() {
        return 1_000_000_000L / fps;
    }

    public Duration duration() {
        return Duration.ofNanos(frameCount * 1_000_000_000L / fps);
    }
}
