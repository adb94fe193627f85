package dev.kvsedge.media.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_count;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.AvcDecoderConfig;
import dev.kvsedge.media.h264.NalUnits;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Real H.264 for tests, made in-process with FFmpeg's libraries (the bundled ffmpeg executable does not run on
 * these machines). The picture is a moving test pattern, drawn in Java: diagonal bars sliding right four pixels a
 * frame, chroma bands, and the frame number in binary as a row of sixteen blocks along the top, so that every frame
 * differs and a dropped or repeated frame would show. The encoder is libopenh264 (the only H.264 encoder in this
 * FFmpeg build): Constrained Baseline, so no B-frames.
 */
public final class TestVideo {
    /** The Matroska track number of the video. */
    public static final int TRACK_NUMBER = 1;
    static final String ENCODER = "libopenh264";

    static {
        av_log_set_level(AV_LOG_ERROR); // libopenh264 warns about settings FFmpeg makes for it
    }

    private TestVideo() {
    }

    /** Whether the H.264 encoder is there; tests that need real video can assume this. */
    public static boolean available() {
        return avcodec_find_encoder_by_name(ENCODER) != null;
    }

    /** Encodes the video and returns the track and frames as a Matroska reader would give them. */
    public static EncodedVideo encode(VideoSpec spec) {
        List<Frame> frames = new ArrayList<>();
        byte[][] extradata = new byte[1][];
        try (Encoder encoder = new Encoder(spec)) {
            extradata[0] = encoder.extradata();
            encoder.run(packet -> {
                byte[] annexB = new byte[packet.size()];
                packet.data().get(annexB);
                long ptsNanos = packet.pts() * 1_000_000_000L / spec.fps();
                boolean key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
                frames.add(new Frame(TRACK_NUMBER, ptsNanos, 0, key, NalUnits.annexBToAvcc(annexB)));
            });
        }
        return new EncodedVideo(track(spec, extradata[0]), frames);
    }

    /** The track for encoder extradata (Annex B SPS and PPS), with an avcC built from them. */
    private static Track track(VideoSpec spec, byte[] extradataAnnexB) {
        List<byte[]> sps = new ArrayList<>();
        List<byte[]> pps = new ArrayList<>();
        for (byte[] unit : NalUnits.splitAnnexB(extradataAnnexB)) {
            if (NalUnits.type(unit) == NalUnits.SPS) {
                sps.add(unit);
            } else if (NalUnits.type(unit) == NalUnits.PPS) {
                pps.add(unit);
            }
        }
        byte[] avcC = AvcDecoderConfig.of(sps, pps).toBytes();
        return new Track(TRACK_NUMBER, Track.VIDEO, Track.H264, avcC, spec.frameDurationNanos(),
                spec.width(), spec.height(), 0, 0);
    }

    /**
     * Writes the video as Matroska with FFmpeg's muxer, one cluster per GOP like a Kinesis Video producer. By
     * default that muxer starts a cluster at a key frame only once the cluster holds more than 4 KiB, and at any
     * frame once it passes 5 s or 5 MB; its {@code dash} option makes it start a cluster at every video key frame
     * and nowhere else (WebM DASH requires clusters to begin with a key frame), which is what Kinesis Video
     * fragments look like. Timestamps are in milliseconds (TimestampScale 1,000,000), as Kinesis Video uses.
     */
    public static Path writeMkv(Path file, VideoSpec spec) {
        return mux(file, spec, "matroska", "dash", "1");
    }

    /** Writes the video as an ordinary (not fragmented) MP4 with FFmpeg's muxer. */
    public static Path writeMp4(Path file, VideoSpec spec) {
        return mux(file, spec, "mp4");
    }

    private static Path mux(Path file, VideoSpec spec, String format, String... options) {
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, format, file.toString()), "allocate " + format + " muxer");
        AVDictionary dict = new AVDictionary(null);
        try (Encoder encoder = new Encoder(spec)) {
            AVStream stream = avformat_new_stream(out, null);
            check(avcodec_parameters_from_context(stream.codecpar(), encoder.context), "copy codec parameters");
            stream.time_base(encoder.context.time_base());
            AVIOContext io = new AVIOContext(null);
            check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "open " + file);
            out.pb(io);
            for (int i = 0; i + 1 < options.length; i += 2) {
                av_dict_set(dict, options[i], options[i + 1], 0);
            }
            check(avformat_write_header(out, dict), "write " + format + " header");
            if (av_dict_count(dict) != 0) {
                throw new IllegalStateException("the " + format + " muxer did not take all options " + List.of(options));
            }
            encoder.run(packet -> {
                av_packet_rescale_ts(packet, encoder.context.time_base(), stream.time_base());
                packet.stream_index(stream.index());
                check(av_interleaved_write_frame(out, packet), "write packet");
            });
            check(av_write_trailer(out), "write trailer");
        } finally {
            av_dict_free(dict);
            if (out.pb() != null) {
                avio_closep(out.pb());
            }
            avformat_free_context(out);
        }
        return file;
    }

    static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("FFmpeg failed to " + what + ": " + Probe.errorText(result));
        }
    }

    /** An open libopenh264 encoder; {@link #run} feeds it the whole pattern and hands out the packets. */
    private static final class Encoder implements AutoCloseable {
        private final VideoSpec spec;
        private final AVCodecContext context;

        interface PacketSink {
            void accept(AVPacket packet) throws IOException;
        }

        Encoder(VideoSpec spec) {
            this.spec = spec;
            AVCodec codec = avcodec_find_encoder_by_name(ENCODER);
            if (codec == null) {
                throw new IllegalStateException("FFmpeg has no " + ENCODER + " encoder");
            }
            context = avcodec_alloc_context3(codec);
            context.width(spec.width());
            context.height(spec.height());
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base(av_make_q(1, spec.fps()));
            context.framerate(av_make_q(spec.fps(), 1));
            context.gop_size(spec.gopFrames());
            context.max_b_frames(0);
            context.bit_rate(Math.max(200_000L, (long) spec.width() * spec.height() * spec.fps() / 10));
            // Parameter sets in extradata, as Matroska and MP4 muxers want them for CodecPrivate / avcC.
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            try {
                check(avcodec_open2(context, codec, (AVDictionary) null), "open " + ENCODER);
            } catch (RuntimeException e) {
                avcodec_free_context(context);
                throw e;
            }
        }

        byte[] extradata() {
            byte[] data = new byte[context.extradata_size()];
            context.extradata().get(data);
            return data;
        }

        void run(PacketSink sink) {
            AVFrame frame = av_frame_alloc();
            AVPacket packet = av_packet_alloc();
            try {
                frame.format(AV_PIX_FMT_YUV420P);
                frame.width(spec.width());
                frame.height(spec.height());
                check(av_frame_get_buffer(frame, 0), "allocate a frame");
                TestPattern pattern = new TestPattern(spec.width(), spec.height());
                for (int i = 0; i < spec.frameCount(); i++) {
                    check(av_frame_make_writable(frame), "make the frame writable");
                    pattern.draw(i, frame);
                    frame.pts(i);
                    check(avcodec_send_frame(context, frame), "encode frame " + i);
                    drain(packet, sink);
                }
                check(avcodec_send_frame(context, null), "flush the encoder");
                drain(packet, sink);
            } finally {
                av_packet_free(packet);
                av_frame_free(frame);
            }
        }

        private void drain(AVPacket packet, PacketSink sink) {
            while (avcodec_receive_packet(context, packet) >= 0) {
                try {
                    sink.accept(packet);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    av_packet_unref(packet);
                }
            }
        }

        @Override
        public void close() {
            avcodec_free_context(context);
        }
    }

    /** Draws frame {@code i} of the pattern into a YUV 4:2:0 frame. */
    private static final class TestPattern {
        private final int width;
        private final int height;

        TestPattern(int width, int height) {
            this.width = width;
            this.height = height;
        }

        void draw(int index, AVFrame frame) {
            int lumaStride = frame.linesize(0);
            byte[] luma = new byte[lumaStride * height];
            int block = Math.max(2, width / 16);
            int blockHeight = Math.max(2, height / 12);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int value;
                    if (y < blockHeight) {
                        int bit = 15 - x / block; // most significant bit on the left
                        value = bit >= 0 && ((index >>> bit) & 1) == 1 ? 235 : 16;
                    } else {
                        value = ((x + y - index * 4) & 63) < 32 ? 180 : 60;
                    }
                    luma[y * lumaStride + x] = (byte) value;
                }
            }
            frame.data(0).put(luma, 0, luma.length);
            for (int plane = 1; plane <= 2; plane++) {
                int stride = frame.linesize(plane);
                byte[] chroma = new byte[stride * (height / 2)];
                for (int y = 0; y < height / 2; y++) {
                    for (int x = 0; x < width / 2; x++) {
                        int band = (x * 8 / Math.max(1, width / 2) + (plane == 1 ? 0 : 3)) & 7;
                        chroma[y * stride + x] = (byte) (64 + band * 16);
                    }
                }
                BytePointer data = frame.data(plane);
                data.put(chroma, 0, chroma.length);
            }
        }
    }
}
