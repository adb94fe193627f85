package dev.kvsedge.agent.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
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
 * each): its H.264 video stream's packets, as they come. Nothing is decoded. Other streams are discarded by the
 * demuxer. Not thread-safe: the recording thread uses it, other threads only raise its {@link Interrupt}.
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

    private final MediaSource source;
    private final AVFormatContext context;
    private final AVPacket packet = av_packet_alloc();
    private final int streamIndex;
    private final long timeBaseNum;
    private final long timeBaseDen;
    private final long frameNanos;
    private final byte[] extradata;

    private FfmpegInput(MediaSource source, AVFormatContext context, int streamIndex) {
        this.source = source;
        this.context = context;
        this.streamIndex = streamIndex;
        AVStream stream = context.streams(streamIndex);
        this.timeBaseNum = stream.time_base().num();
        this.timeBaseDen = stream.time_base().den();
        long rateNum = stream.avg_frame_rate().num();
        long rateDen = stream.avg_frame_rate().den();
        this.frameNanos = rateNum > 0 && rateDen > 0 ? rateDen * 1_000_000_000L / rateNum : 0;
        AVCodecParameters parameters = stream.codecpar();
        this.extradata = new byte[Math.max(0, parameters.extradata_size())];
        if (extradata.length > 0) {
            parameters.extradata().get(extradata);
        }
    }

    /**
     * Opens the source: for RTSP, over TCP (no loss, no UDP ports to open), video only, with a socket timeout so a
     * silent camera fails instead of hanging; for a file, the file protocol only (a playlist-like file cannot make
     * it open anything else).
     */
    static FfmpegInput open(MediaSource source, Duration ioTimeout, Interrupt interrupt) throws SourceException {
        FfmpegLog.install();
        AVFormatContext context = avformat_alloc_context();
        interrupt.attach(context.interrupt_callback());
        AVDictionary options = new AVDictionary(null);
        if (source.kind() == MediaSource.Kind.RTSP_URI) {
            av_dict_set(options, "rtsp_transport", "tcp", 0);
            av_dict_set(options, "timeout", String.valueOf(ioTimeout.toNanos() / 1000), 0);
            av_dict_set(options, "allowed_media_types", "video", 0);
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
            return new FfmpegInput(source, context, videoStream(context, source));
        } catch (SourceException | RuntimeException e) {
            avformat_close_input(context);
            throw e;
        }
    }

    private static int videoStream(AVFormatContext context, MediaSource source) throws SourceException {
        int found = -1;
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            if (found < 0 && stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                found = i;
            } else {
                stream.discard(DISCARD_ALL);
            }
        }
        if (found < 0) {
            throw new SourceException(Status.USER_ERROR, source.display() + " has no video stream");
        }
        int codec = context.streams(found).codecpar().codec_id();
        if (codec != AV_CODEC_ID_H264) {
            throw new SourceException(Status.USER_ERROR, source.display() + " sends " + avcodec_get_name(codec).getString()
                    + " video; only H.264 is recorded (copied, never re-encoded)");
        }
        return found;
    }

    /** The stream's codec private data as the demuxer gives it: an avcC record, Annex B SPS/PPS, or empty. */
    byte[] extradata() {
        return extradata;
    }

    /** Nanoseconds per frame from the stream's average frame rate, or 0 when the source does not say. */
    long frameNanos() {
        return frameNanos;
    }

    /**
     * Reads the next video packet; it stays valid until the next call.
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
            if (packet.stream_index() == streamIndex && packet.size() > 0) {
                return true;
            }
            av_packet_unref(packet);
        }
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

    /** Time base units to nanoseconds, split so that 90 kHz timestamps of months do not overflow. */
    private long nanos(long t) {
        long whole = Math.floorDiv(t, timeBaseDen);
        long rest = Math.floorMod(t, timeBaseDen);
        return whole * timeBaseNum * 1_000_000_000L + rest * timeBaseNum * 1_000_000_000L / timeBaseDen;
    }

    @Override
    public void close() {
        av_packet_free(packet);
        avformat_close_input(context);
    }
}
