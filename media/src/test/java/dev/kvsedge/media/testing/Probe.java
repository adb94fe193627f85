package dev.kvsedge.media.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_EF_EXPLODE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The independent check that media plays, in the role ffprobe would have: opens a file with FFmpeg's demuxers
 * in-process, reports the container and its streams, and decodes every packet of every stream it has a decoder
 * for, counting frames and errors. Decoders run with {@code AV_EF_EXPLODE}, so damage the H.264 decoder would
 * otherwise conceal comes back as an error.
 */
public final class Probe {
    /** AVERROR(EAGAIN) on Linux: the codec wants input before it gives more output. */
    private static final int AVERROR_EAGAIN = -11;
    /** AV_FRAME_FLAG_CORRUPT. */
    private static final int FRAME_FLAG_CORRUPT = 1;

    static {
        av_log_set_level(AV_LOG_ERROR);
    }

    private Probe() {}

    /**
     * What one stream held.
     *
     * @param type "video", "audio" or another media type name
     * @param codecName FFmpeg's codec name, for example "h264" or "aac"
     * @param packets packets the demuxer read
     * @param decodedFrames frames the decoder produced
     * @param decodeErrors packets or frames the decoder refused or marked corrupt (0 when no decoder was opened
     *     and {@code decoded} is false)
     * @param firstPts earliest decoded frame's time in seconds, NaN when none
     * @param lastPts latest decoded frame's time in seconds, NaN when none
     */
    public record Stream(int index, String type, String codecName, int width, int height, int sampleRate,
            int channels, boolean decoded, int packets, int decodedFrames, int decodeErrors,
            double firstPts, double lastPts) {
        /** Seconds from the first to the last decoded frame. */
        public double ptsSpan() {
            return lastPts - firstPts;
        }
    }

    /**
     * What the file held.
     *
     * @param formatName the demuxer's name, for example "mpegts" or "mov,mp4,m4a,3gp,3g2,mj2"
     * @param durationSeconds the container's duration, NaN when it does not know
     * @param readErrors reads that failed other than at the end of the file
     */
    public record Result(String formatName, double durationSeconds, List<Stream> streams, int readErrors) {
        /** The first video stream. */
        public Stream video() {
            return streams.stream().filter(s -> s.type().equals("video")).findFirst()
                    .orElseThrow(() -> new AssertionError("no video stream in " + this));
        }

        /** The first audio stream. */
        public Stream audio() {
            return streams.stream().filter(s -> s.type().equals("audio")).findFirst()
                    .orElseThrow(() -> new AssertionError("no audio stream in " + this));
        }
    }

    /** Probes bytes by writing them to a temporary file named with {@code suffix} (for example ".ts"). */
    public static Result bytes(byte[] data, String suffix) {
        Path file = null;
        try {
            file = Files.createTempFile("probe", suffix);
            Files.write(file, data);
            return file(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Opens, demuxes and decodes a file. */
    public static Result file(Path path) {
        AVFormatContext format = new AVFormatContext(null);
        int opened = avformat_open_input(format, path.toString(), null, null);
        if (opened < 0) {
            throw new IllegalStateException("FFmpeg cannot open " + path + ": " + errorText(opened));
        }
        int count = 0;
        AVCodecContext[] decoders = new AVCodecContext[0];
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            int found = avformat_find_stream_info(format, (AVDictionary) null);
            if (found < 0) {
                throw new IllegalStateException(
                        "FFmpeg finds no stream information in " + path + ": " + errorText(found));
            }
            count = format.nb_streams();
            decoders = new AVCodecContext[count];
            Tally[] tallies = new Tally[count];
            for (int i = 0; i < count; i++) {
                tallies[i] = new Tally();
                decoders[i] = openDecoder(format.streams(i).codecpar());
            }
            int readErrors = 0;
            while (true) {
                int read = av_read_frame(format, packet);
                if (read < 0) {
                    if (read != AVERROR_EOF) {
                        readErrors++;
                    }
                    break;
                }
                int index = packet.stream_index();
                if (index >= 0 && index < count) {
                    tallies[index].packets++;
                    if (decoders[index] != null) {
                        decode(decoders[index], packet, frame, format.streams(index), tallies[index]);
                    }
                }
                av_packet_unref(packet);
            }
            for (int i = 0; i < count; i++) {
                if (decoders[i] != null) {
                    decode(decoders[i], null, frame, format.streams(i), tallies[i]);
                }
            }
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                streams.add(describe(i, format.streams(i).codecpar(), decoders[i] != null, tallies[i]));
            }
            double duration = format.duration() == AV_NOPTS_VALUE
                    ? Double.NaN
                    : format.duration() / (double) AV_TIME_BASE;
            return new Result(format.iformat().name().getString(), duration, List.copyOf(streams), readErrors);
        } finally {
            for (AVCodecContext decoder : decoders) {
                if (decoder != null) {
                    avcodec_free_context(decoder);
                }
            }
            av_frame_free(frame);
            av_packet_free(packet);
            avformat_close_input(format);
        }
    }

    private static AVCodecContext openDecoder(AVCodecParameters parameters) {
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null) {
            return null;
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        if (avcodec_parameters_to_context(context, parameters) < 0) {
            avcodec_free_context(context);
            return null;
        }
        context.err_recognition(context.err_recognition() | AV_EF_EXPLODE);
        context.thread_count(1);
        if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
            avcodec_free_context(context);
            return null;
        }
        return context;
    }

    /** Sends one packet (null flushes) and takes every frame the decoder has ready. */
    private static void decode(AVCodecContext decoder, AVPacket packet, AVFrame frame, AVStream stream, Tally tally) {
        int sent = avcodec_send_packet(decoder, packet);
        if (sent < 0 && sent != AVERROR_EAGAIN && sent != AVERROR_EOF) {
            tally.errors++;
        }
        while (true) {
            int received = avcodec_receive_frame(decoder, frame);
            if (received == AVERROR_EAGAIN || received == AVERROR_EOF) {
                return;
            }
            if (received < 0) {
                tally.errors++;
                return;
            }
            tally.frames++;
            if (frame.decode_error_flags() != 0 || (frame.flags() & FRAME_FLAG_CORRUPT) != 0) {
                tally.errors++;
            }
            long pts = frame.best_effort_timestamp();
            if (pts != AV_NOPTS_VALUE) {
                double seconds = pts * av_q2d(stream.time_base());
                tally.first = Math.min(tally.first, seconds);
                tally.last = Math.max(tally.last, seconds);
            }
            av_frame_unref(frame);
        }
    }

    private static Stream describe(int index, AVCodecParameters p, boolean decoded, Tally t) {
        int type = p.codec_type();
        String typeName = type == AVMEDIA_TYPE_VIDEO ? "video" : type == AVMEDIA_TYPE_AUDIO ? "audio" : "other";
        boolean any = t.frames > 0 && t.first != Double.POSITIVE_INFINITY;
        return new Stream(index, typeName, avcodec_get_name(p.codec_id()).getString(), p.width(), p.height(),
                p.sample_rate(), p.ch_layout().nb_channels(), decoded, t.packets, t.frames, t.errors,
                any ? t.first : Double.NaN, any ? t.last : Double.NaN);
    }

    /** FFmpeg's text for an error code. */
    static String errorText(int code) {
        byte[] buffer = new byte[256];
        av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8) + " (" + code + ")";
    }

    private static final class Tally {
        int packets;
        int frames;
        int errors;
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
    }
}
