package dev.kvsedge.agent.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import java.time.Duration;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * One open source, demuxed by FFmpeg's libraries in this process (a process per camera would cost tens of MB
 * each): the packets of its H.264 video stream and of its first AAC audio stream, if any, as they come. Nothing is
 * decoded. Other streams are discarded by the demuxer, and {@link #audioNote()} says what audio was left out. Not
 * thread-safe: the recording thread uses it, other threads only raise its {@link Interrupt}.
 *
 * <p>{@code avformat_find_stream_info} is not called: it would read (and hold) seconds of media to guess
 * what the SDP or the file header already says, and the picture size comes from the SPS.
 */
final class FfmpegInput implements AutoCloseable {
    /** AVDISCARD_ALL: the demuxer drops the stream's packets. */
    private static final int DISCARD_ALL = 48;

    static {
        avformat_network_init();
    }

    /** The AAC audio a source sends along: its stream, AudioSpecificConfig (A_AAC's CodecPrivate), rate, channels. */
    record AudioTrack(int streamIndex, byte[] specificConfig, int sampleRate, int channels) {}

    private final MediaSource source;
    private final AVFormatContext context;
    private final AVPacket packet = av_packet_alloc();
    private final int streamIndex;
    private final long frameNanos;
    private final byte[] extradata;
    private final AudioTrack audio;
    private final String audioNote;
    /** The time bases of the video stream and of the audio stream (when there is one). */
    private final long videoNum;
    private final long videoDen;
    private final long audioNum;
    private final long audioDen;

    private FfmpegInput(MediaSource source, AVFormatContext context, int streamIndex, AudioTrack audio,
            String audioNote) {
        this.source = source;
        this.context = context;
        this.streamIndex = streamIndex;
        this.audio = audio;
        this.audioNote = audioNote;
        AVStream stream = context.streams(streamIndex);
        long rateNum = stream.avg_frame_rate().num();
        long rateDen = stream.avg_frame_rate().den();
        this.frameNanos = rateNum > 0 && rateDen > 0 ? rateDen * 1_000_000_000L / rateNum : 0;
        this.extradata = extradata(stream.codecpar());
        this.videoNum = stream.time_base().num();
        this.videoDen = stream.time_base().den();
        AVStream audioStream = audio == null ? null : context.streams(audio.streamIndex());
        this.audioNum = audioStream == null ? 1 : audioStream.time_base().num();
        this.audioDen = audioStream == null ? 1 : audioStream.time_base().den();
    }

    /**
     * Opens the source: for RTSP, over TCP (no loss, no UDP ports to open), with a socket timeout so a silent camera
     * fails instead of hanging (every track the camera offers is set up, so that one without video can be told
     * apart); for a file, the file protocol only (a playlist-like file cannot make it open anything else).
     */
    static FfmpegInput open(MediaSource source, Duration ioTimeout, Interrupt interrupt) throws SourceException {
        FfmpegLog.install();
        AVFormatContext context = avformat_alloc_context();
        interrupt.attach(context.interrupt_callback());
        AVDictionary options = new AVDictionary(null);
        if (source.kind() == MediaSource.Kind.RTSP_URI) {
            av_dict_set(options, "rtsp_transport", "tcp", 0);
            av_dict_set(options, "timeout", String.valueOf(ioTimeout.toNanos() / 1000), 0);
        } else {
            av_dict_set(options, "protocol_whitelist", "file", 0);
        }
        int opened;
        try {
            opened = avformat_open_input(context, source.url(), null, options);
        } finally {
            av_dict_free(options);
        }
        if (opened < 0) {
            // FFmpeg freed the context.
            throw FfmpegErrors.of(opened, "Cannot open", source);
        }
        try {
            return of(source, context);
        } catch (SourceException | RuntimeException e) {
            avformat_close_input(context);
            throw e;
        }
    }

    /** Takes the first video stream (H.264, else a user error) and the first AAC audio stream; discards the rest. */
    private static FfmpegInput of(MediaSource source, AVFormatContext context) throws SourceException {
        int video = -1;
        AudioTrack audio = null;
        String otherAudio = null;
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            AVCodecParameters p = stream.codecpar();
            if (video < 0 && p.codec_type() == AVMEDIA_TYPE_VIDEO) {
                video = i;
            } else if (audio == null && p.codec_type() == AVMEDIA_TYPE_AUDIO && p.codec_id() == AV_CODEC_ID_AAC
                    && p.extradata_size() > 0 && p.sample_rate() > 0) {
                audio = new AudioTrack(i, extradata(p), p.sample_rate(), p.ch_layout().nb_channels());
            } else {
                if (otherAudio == null && p.codec_type() == AVMEDIA_TYPE_AUDIO) {
                    otherAudio = avcodec_get_name(p.codec_id()).getString();
                }
                stream.discard(DISCARD_ALL);
            }
        }
        boolean camera = source.kind() == MediaSource.Kind.RTSP_URI;
        if (video < 0) {
            String only = audio != null ? "aac" : otherAudio;
            throw new SourceException(Status.USER_ERROR,
                    (camera
                            ? "The camera " + source.display() + " sends no video track"
                            : "The file " + source.display() + " has no video track")
                            + (only == null ? "" : " (only " + only + " audio)"));
        }
        int codec = context.streams(video).codecpar().codec_id();
        if (codec != AV_CODEC_ID_H264) {
            throw new SourceException(Status.USER_ERROR,
                    source.display() + " sends " + avcodec_get_name(codec).getString()
                            + " video; only H.264 is recorded (copied, never re-encoded)");
        }
        String note = audio == null && otherAudio != null
                ? "its " + otherAudio + " audio is not recorded: only AAC is"
                : null;
        return new FfmpegInput(source, context, video, audio, note);
    }

    private static byte[] extradata(AVCodecParameters parameters) {
        byte[] bytes = new byte[Math.max(0, parameters.extradata_size())];
        if (bytes.length > 0) {
            parameters.extradata().get(bytes);
        }
        return bytes;
    }

    /** The stream's codec private data as the demuxer gives it: an avcC record, Annex B SPS/PPS, or empty. */
    byte[] extradata() {
        return extradata;
    }

    /** Nanoseconds per frame from the stream's average frame rate, or 0 when the source does not say. */
    long frameNanos() {
        return frameNanos;
    }

    /** The AAC audio recorded along with the video, or null. */
    AudioTrack audio() {
        return audio;
    }

    /** What audio the source sends that is not recorded, in words for the status; null if none. */
    String audioNote() {
        return audioNote;
    }

    /**
     * Reads the next video or audio packet; it stays valid until the next call.
     *
     * @return false at the end of the source (a file's end, or a camera that ended its stream)
     * @throws SourceException when reading fails (including when the interrupt was raised)
     */
    boolean read() throws SourceException {
        av_packet_unref(packet);
        while (true) {
            int r = av_read_frame(context, packet);
            if (r == AVERROR_EOF) {
                return false;
            }
            if (r < 0) {
                throw FfmpegErrors.of(r, "Cannot read", source);
            }
            if ((packet.stream_index() == streamIndex || audioPacket()) && packet.size() > 0) {
                return true;
            }
            av_packet_unref(packet);
        }
    }

    /** Whether the packet read last is audio (else it is video). */
    boolean audioPacket() {
        return audio != null && packet.stream_index() == audio.streamIndex();
    }

    AVPacket packet() {
        return packet;
    }

    boolean keyFlag() {
        return (packet.flags() & AV_PKT_FLAG_KEY) != 0;
    }

    /** The packet's presentation time in nanoseconds, its decode time when it has none, or Long.MIN_VALUE. */
    long ptsNanos() {
        long t = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
        return t == AV_NOPTS_VALUE ? Long.MIN_VALUE : nanos(t);
    }

    /** The packet's decode time in nanoseconds, its presentation time when it has none, or Long.MIN_VALUE. */
    long dtsNanos() {
        long t = packet.dts() != AV_NOPTS_VALUE ? packet.dts() : packet.pts();
        return t == AV_NOPTS_VALUE ? Long.MIN_VALUE : nanos(t);
    }

    /** The packet's duration in nanoseconds, 0 when unknown. */
    long durationNanos() {
        return packet.duration() > 0 ? nanos(packet.duration()) : 0;
    }

    /** The packet's time base units to nanoseconds, split so that 90 kHz timestamps of months do not overflow. */
    private long nanos(long t) {
        boolean audioTime = audioPacket();
        long num = audioTime ? audioNum : videoNum;
        long den = audioTime ? audioDen : videoDen;
        long whole = Math.floorDiv(t, den);
        long rest = Math.floorMod(t, den);
        return whole * num * 1_000_000_000L + rest * num * 1_000_000_000L / den;
    }

    @Override
    public void close() {
        av_packet_free(packet);
        avformat_close_input(context);
    }
}
