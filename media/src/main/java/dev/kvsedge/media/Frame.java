package dev.kvsedge.media;

/**
 * One coded frame, in decode order as Matroska stores it.
 *
 * @param track the Matroska track number
 * @param ptsNanos presentation time in nanoseconds on the fragment's time line (absolute when the caller
 *     adds the fragment's start)
 * @param durationNanos the frame's duration when known, else 0
 * @param keyFrame true for a random-access point (an IDR frame for H.264)
 * @param data the frame as stored in Matroska: for H.264, length-prefixed NAL units (AVCC)
 */
public record Frame(int track, long ptsNanos, long durationNanos, boolean keyFrame, byte[] data) {}
