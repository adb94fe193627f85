package dev.kvsedge.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Plays an rtsp:// URL with FFmpeg's RTSP demuxer and H.264 decoder, in-process, for a while, and reports what it
 * got: the independent client the camera's tests check against. The decoder runs with {@code AV_EF_EXPLODE}, so
 * damage it would otherwise conceal counts as an error.
 */
final class RtspPlayer {
    /** AVERROR(EAGAIN) on Linux. */
    private static final int AVERROR_EAGAIN = -11;
    private static final int FRAME_FLAG_CORRUPT = 1;
    private static final int FRAME_FLAG_KEY = 2;

    static {
        av_log_set_level(AV_LOG_ERROR);
        avformat_network_init();
    }

    /**
     * What the client got.
     *
     * @param packetPts each video packet's PTS in seconds, in arrival order
     * @param keyPacketPts the PTS of each packet the demuxer flagged as a key frame
     * @param packetsWithoutPts packets with no PTS or DTS: FFmpeg gives the first packet of any RTSP stream none
     *     (its parser cannot place the first frame of input whose position is unknown, -1)
     * @param firstFrameKey whether the first frame decoded was a key frame
     * @param decodedFrames frames the decoder produced
     * @param keyFrames decoded frames flagged as key frames
     * @param decodeErrors packets or frames the decoder refused or marked corrupt
     * @param readError the error that ended reading early, or 0
     */
    record Result(String codec, int width, int height, List<Double> packetPts, List<Double> keyPacketPts,
            int packetsWithoutPts, boolean firstFrameKey, int decodedFrames, int keyFrames, int decodeErrors,
            int readError) {
        int packets() {
            return packetPts.size() + packetsWithoutPts;
        }

        /** Whether every packet's PTS is later than the one before. */
        boolean ptsIncreasing() {
            for (int i = 1; i < packetPts.size(); i++) {
                if (!(packetPts.get(i) > packetPts.get(i - 1))) {
                    return false;
                }
            }
            return true;
        }
    }

    private RtspPlayer() {}

    /**
     * Opens the URL and reads for {@code duration} (after opening), decoding every video packet.
     *
     * @param transport "tcp" or "udp"
     */
    static Result play(String url, String transport, Duration duration) {
        AVFormatContext format = new AVFormatContext(null);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "rtsp_transport", transport, 0);
        av_dict_set(options, "timeout", "5000000", 0); // microseconds without data before giving up
        int opened = avformat_open_input(format, url, null, options);
        av_dict_free(options);
        if (opened < 0) {
            throw new IllegalStateException("FFmpeg cannot open " + url + ": " + opened);
        }
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        AVCodecContext decoder = null;
        try {
            if (avformat_find_stream_info(format, (AVDictionary) null) < 0) {
                throw new IllegalStateException("FFmpeg finds no stream information in " + url);
            }
            AVStream stream = format.streams(0);
            AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
            decoder = avcodec_alloc_context3(codec);
            avcodec_parameters_to_context(decoder, stream.codecpar());
            decoder.err_recognition(decoder.err_recognition() | AV_EF_EXPLODE);
            decoder.thread_count(1);
            if (avcodec_open2(decoder, codec, (AVDictionary) null) < 0) {
                throw new IllegalStateException("cannot open the decoder");
            }
            double timeBase = av_q2d(stream.time_base());
            List<Double> pts = new ArrayList<>();
            List<Double> keyPts = new ArrayList<>();
            // frames, key frames, errors, width*65536+height of the last frame, whether the first frame was a key frame
            int[] tally = new int[5];
            long end = System.nanoTime() + duration.toNanos();
            int readError = 0;
            int withoutPts = 0;
            while (System.nanoTime() < end) {
                int read = av_read_frame(format, packet);
                if (read < 0) {
                    readError = read;
                    break;
                }
                if (packet.stream_index() == 0) {
                    long t = packet.pts() != AV_NOPTS_VALUE ? packet.pts() : packet.dts();
                    if (t == AV_NOPTS_VALUE) {
                        withoutPts++;
                    } else {
                        pts.add(t * timeBase);
                        if ((packet.flags() & AV_PKT_FLAG_KEY) != 0) {
                            keyPts.add(t * timeBase);
                        }
                    }
                    decode(decoder, packet, frame, tally);
                }
                av_packet_unref(packet);
            }
            decode(decoder, null, frame, tally);
            return new Result(codec.name().getString(), tally[3] >>> 16, tally[3] & 0xFFFF, pts, keyPts, withoutPts,
                    tally[4] == 1, tally[0], tally[1], tally[2], readError);
        } finally {
            if (decoder != null) {
                avcodec_free_context(decoder);
            }
            av_frame_free(frame);
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    private static void decode(AVCodecContext decoder, AVPacket packet, AVFrame frame, int[] tally) {
        int sent = avcodec_send_packet(decoder, packet);
        if (sent < 0 && sent != AVERROR_EAGAIN && sent != AVERROR_EOF) {
            tally[2]++;
        }
        while (true) {
            int received = avcodec_receive_frame(decoder, frame);
            if (received == AVERROR_EAGAIN || received == AVERROR_EOF) {
                return;
            }
            if (received < 0) {
                tally[2]++;
                return;
            }
            boolean key = (frame.flags() & FRAME_FLAG_KEY) != 0;
            if (tally[0]++ == 0) {
                tally[4] = key ? 1 : 0;
            }
            if (key) {
                tally[1]++;
            }
            if (frame.decode_error_flags() != 0 || (frame.flags() & FRAME_FLAG_CORRUPT) != 0) {
                tally[2]++;
            }
            tally[3] = frame.width() << 16 | frame.height();
            av_frame_unref(frame);
        }
    }
}
