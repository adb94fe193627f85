package dev.kvsedge.media;

/**
 * One track of a Matroska stream, as much of it as remuxing needs.
 *
 * @param number the Matroska TrackNumber that blocks refer to
 * @param type 1 video, 2 audio (Matroska TrackType)
 * @param codecId for example {@code V_MPEG4/ISO/AVC} or {@code A_AAC}
 * @param codecPrivate the CodecPrivate bytes (for H.264 the AVCDecoderConfigurationRecord), or an empty array
 * @param defaultDurationNanos nanoseconds per frame, or 0 when the stream does not say
 * @param width video pixel width, 0 for audio
 * @param height video pixel height, 0 for audio
 * @param samplingFrequency audio samples per second, 0 for video
 * @param channels audio channels, 0 for video
 */
public record Track(int number, int type, String codecId, byte[] codecPrivate, long defaultDurationNanos,
        int width, int height, double samplingFrequency, int channels) {
    public static final int VIDEO = 1;
    public static final int AUDIO = 2;
    public static final String H264 = "V_MPEG4/ISO/AVC";
    public static final String AAC = "A_AAC";

    public boolean isH264() {
        return type == VIDEO && H264.equals(codecId);
    }

    public boolean hasCodecPrivate() {
        return codecPrivate != null && codecPrivate.length > 0;
    }
}
