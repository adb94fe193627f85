package dev.kvsedge.media.testing;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
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
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
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
import org.bytedeco.javacpp.FloatPointer;

/**
 * Real H.264 (and optionally AAC) for tests, made in-process with FFmpeg's libraries: the bundled ffmpeg executable
 * does not run on these machines. The picture is a moving test pattern drawn in Java ({@link TestPattern}); the
 * sound, when asked for, is a tone per channel. The video encoder is libopenh264, the only H.264 encoder in this
 * FFmpeg build: Constrained Baseline, so there are no B-frames. Audio uses FFmpeg's own AAC encoder (AAC LC).
 */
public final class TestVideo {
    /** The Matroska track number of the video. */
    public static final int TRACK_NUMBER = 1;
    /** The Matroska track number of the audio, when there is audio. */
    public static final int AUDIO_TRACK_NUMBER = 2;
    public static final int AUDIO_RATE = 48_000;
    public static final int AUDIO_CHANNELS = 2;
    static final String ENCODER = "libopenh264";

    static {
        av_log_set_level(AV_LOG_ERROR); // libopenh264 warns about settings FFmpeg makes for it
    }

    private TestVideo() {}

    /** Whether the H.264 encoder is there; tests that need real video can assume this. */
    public static boolean available() {
        return avcodec_find_encoder_by_name(ENCODER) != null;
    }

    /** Encodes the spec and returns the tracks and frames as a Matroska reader would give them. */
    public static EncodedVideo encode(VideoSpec spec) {
        try (Encoders encoders = new Encoders(spec)) {
            List<Frame> frames = new ArrayList<>();
            for (Packet p : encoders.packets()) {
                frames.add(p.stream() == 0
                        ? new Frame(TRACK_NUMBER, p.nanos(), 0, p.key(), NalUnits.annexBToAvcc(p.data()))
                        : new Frame(AUDIO_TRACK_NUMBER, p.nanos(), 0, true, p.data()));
            }
            Track audio = encoders.audio == null
                    ? null
                    : new Track(AUDIO_TRACK_NUMBER, Track.AUDIO, Track.AAC, encoders.audio.extradata(),
                            encoders.audio.frameNanos(), 0, 0, AUDIO_RATE, AUDIO_CHANNELS);
            return new EncodedVideo(videoTrack(spec, encoders.video.extradata()), audio, frames);
        }
    }

    /** The track for encoder extradata (Annex B SPS and PPS), with an avcC built from them. */
    private static Track videoTrack(VideoSpec spec, byte[] extradataAnnexB) {
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
     * Writes the spec as Matroska with FFmpeg's muxer, one cluster per GOP, each opening with the key frame, as
     * Kinesis Video fragments are. Timestamps are in milliseconds (TimestampScale 1,000,000), as Kinesis Video uses.
     *
     * <p>By default that muxer starts a cluster at a video key frame only once the cluster holds more than 4 KiB,
     * and at any frame once it passes 5 s or 5 MB. For video alone its {@code dash} option makes it start a
     * cluster at every key frame and nowhere else (WebM DASH requires it), exactly. DASH mode allows one track per
     * file, though, so with audio the size and time limits are raised out of reach instead, leaving the key frame
     * rule: clusters then follow GOPs of more than 4 KiB, which every test video's are. The muxer also holds each
     * audio packet back until the next packet arrives, so a cluster may open with one audio block just older than
     * its key frame.
     */
    public static Path writeMkv(Path file, VideoSpec spec) {
        if (spec.audio()) {
            return mux(file, spec, "matroska", "cluster_size_limit", String.valueOf(Integer.MAX_VALUE),
                    "cluster_time_limit", "3600000");
        }
        return mux(file, spec, "matroska", "dash", "1");
    }

    /** Writes the spec as an ordinary (not fragmented) MP4 with FFmpeg's muxer. */
    public static Path writeMp4(Path file, VideoSpec spec) {
        return mux(file, spec, "mp4");
    }

    private static Path mux(Path file, VideoSpec spec, String format, String... options) {
        AVFormatContext out = new AVFormatContext(null);
        check(avformat_alloc_output_context2(out, null, format, file.toString()), "allocate " + format + " muxer");
        AVDictionary dict = new AVDictionary(null);
        AVPacket packet = av_packet_alloc();
        try (Encoders encoders = new Encoders(spec)) {
            List<Packet> packets = encoders.packets();
            List<AVCodecContext> contexts = new ArrayList<>();
            contexts.add(encoders.video.context);
            if (encoders.audio != null) {
                contexts.add(encoders.audio.context);
            }
            List<AVStream> streams = new ArrayList<>();
            for (AVCodecContext context : contexts) {
                AVStream stream = avformat_new_stream(out, null);
                check(avcodec_parameters_from_context(stream.codecpar(), context), "copy codec parameters");
                // The audio timestamps already start after the encoder's delay; a camera's stream says nothing of it.
                stream.codecpar().initial_padding(0);
                stream.time_base(context.time_base());
                streams.add(stream);
            }
            AVIOContext io = new AVIOContext(null);
            check(avio_open(io, file.toString(), AVIO_FLAG_WRITE), "open " + file);
            out.pb(io);
            for (int i = 0; i + 1 < options.length; i += 2) {
                av_dict_set(dict, options[i], options[i + 1], 0);
            }
            check(avformat_write_header(out, dict), "write " + format + " header");
            if (av_dict_count(dict) != 0) {
                throw new IllegalStateException(
                        "the " + format + " muxer did not take all options " + List.of(options));
            }
            for (Packet p : packets) {
                check(av_new_packet(packet, p.data().length), "allocate a packet");
                packet.data().put(p.data());
                packet.pts(p.pts());
                packet.dts(p.pts());
                packet.flags(p.key() ? AV_PKT_FLAG_KEY : 0);
                packet.stream_index(p.stream());
                av_packet_rescale_ts(packet, contexts.get(p.stream()).time_base(), streams.get(p.stream()).time_base());
                check(av_interleaved_write_frame(out, packet), "write a packet");
            }
            check(av_write_trailer(out), "write trailer");
        } finally {
            av_packet_free(packet);
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

    /**
     * One encoded packet.
     *
     * @param stream 0 video, 1 audio
     * @param pts in the encoder's time base (frames for video, samples for audio); DTS equals it, as neither
     *     encoder reorders
     * @param nanos the PTS in nanoseconds
     */
    private record Packet(int stream, long pts, long nanos, boolean key, byte[] data) {}

    /** The open encoders for a spec. */
    private static final class Encoders implements AutoCloseable {
        final VideoEncoder video;
        final AudioEncoder audio;

        Encoders(VideoSpec spec) {
            video = new VideoEncoder(spec);
            AudioEncoder a = null;
            try {
                a = spec.audio() ? new AudioEncoder(spec) : null;
            } catch (RuntimeException e) {
                video.close();
                throw e;
            }
            audio = a;
        }

        /** Every packet of both streams, merged by time (video first on a tie), as a muxer interleaves them. */
        List<Packet> packets() {
            List<Packet> v = video.encodeAll();
            List<Packet> a = audio == null ? List.of() : audio.encodeAll();
            List<Packet> merged = new ArrayList<>(v.size() + a.size());
            int i = 0;
            int j = 0;
            while (i < v.size() || j < a.size()) {
                if (j >= a.size() || i < v.size() && v.get(i).nanos() <= a.get(j).nanos()) {
                    merged.add(v.get(i++));
                } else {
                    merged.add(a.get(j++));
                }
            }
            return merged;
        }

        @Override
        public void close() {
            video.close();
            if (audio != null) {
                audio.close();
            }
        }
    }

    /** Feeds an encoder frames and collects its packets. */
    private abstract static class Encoder implements AutoCloseable {
        final AVCodecContext context;

        Encoder(String name) {
            AVCodec codec = avcodec_find_encoder_by_name(name);
            if (codec == null) {
                throw new IllegalStateException("FFmpeg has no " + name + " encoder");
            }
            context = avcodec_alloc_context3(codec);
            // Parameters in extradata, as Matroska's CodecPrivate and MP4's sample entries want them.
            context.flags(context.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }

        final void open(String name) {
            try {
                check(avcodec_open2(context, context.codec(), (AVDictionary) null), "open " + name);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        byte[] extradata() {
            byte[] data = new byte[context.extradata_size()];
            context.extradata().get(data);
            return data;
        }

        /** Allocates the frame's buffers and then asks {@link #fill} for each frame until it returns false. */
        final List<Packet> encodeAll() {
            List<Packet> packets = new ArrayList<>();
            AVFrame frame = av_frame_alloc();
            AVPacket packet = av_packet_alloc();
            try {
                setUp(frame);
                check(av_frame_get_buffer(frame, 0), "allocate a frame");
                for (int i = 0;; i++) {
                    check(av_frame_make_writable(frame), "make the frame writable");
                    if (!fill(i, frame)) {
                        break;
                    }
                    check(avcodec_send_frame(context, frame), "encode frame " + i);
                    drain(packet, packets);
                }
                check(avcodec_send_frame(context, null), "flush the encoder");
                drain(packet, packets);
            } finally {
                av_packet_free(packet);
                av_frame_free(frame);
            }
            return packets;
        }

        abstract void setUp(AVFrame frame);

        abstract boolean fill(int index, AVFrame frame);

        abstract Packet packet(long pts, boolean key, byte[] data);

        private void drain(AVPacket packet, List<Packet> packets) {
            while (avcodec_receive_packet(context, packet) >= 0) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                packets.add(packet(packet.pts(), (packet.flags() & AV_PKT_FLAG_KEY) != 0, data));
                av_packet_unref(packet);
            }
        }

        @Override
        public void close() {
            avcodec_free_context(context);
        }
    }

    private static final class VideoEncoder extends Encoder {
        private final VideoSpec spec;
        private final TestPattern pattern;

        VideoEncoder(VideoSpec spec) {
            super(ENCODER);
            this.spec = spec;
            this.pattern = new TestPattern(spec.width(), spec.height());
            context.width(spec.width());
            context.height(spec.height());
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base(av_make_q(1, spec.fps()));
            context.framerate(av_make_q(spec.fps(), 1));
            context.gop_size(spec.gopFrames());
            context.max_b_frames(0);
            context.bit_rate(Math.max(200_000L, (long) spec.width() * spec.height() * spec.fps() / 10));
            open(ENCODER);
        }

        @Override
        void setUp(AVFrame frame) {
            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(spec.width());
            frame.height(spec.height());
        }

        @Override
        boolean fill(int index, AVFrame frame) {
            if (index >= spec.frameCount()) {
                return false;
            }
            pattern.draw(index, frame);
            frame.pts(index);
            return true;
        }

        @Override
        Packet packet(long pts, boolean key, byte[] data) {
            return new Packet(0, pts, pts * 1_000_000_000L / spec.fps(), key, data);
        }
    }

    /**
     * AAC LC at 48 kHz, stereo: 440 Hz on the left, 660 Hz on the right. The encoder's priming delay (its first
     * packet has a negative PTS) is taken out so that sound and picture both start at 0, as a camera's would.
     */
    private static final class AudioEncoder extends Encoder {
        private final long totalSamples;
        private int padding;

        AudioEncoder(VideoSpec spec) {
            super("aac");
            this.totalSamples = (long) spec.frameCount() * AUDIO_RATE / spec.fps();
            context.sample_fmt(AV_SAMPLE_FMT_FLTP);
            context.sample_rate(AUDIO_RATE);
            av_channel_layout_default(context.ch_layout(), AUDIO_CHANNELS);
            context.time_base(av_make_q(1, AUDIO_RATE));
            context.bit_rate(96_000);
            open("aac");
            padding = context.initial_padding();
        }

        long frameNanos() {
            return context.frame_size() * 1_000_000_000L / AUDIO_RATE;
        }

        @Override
        void setUp(AVFrame frame) {
            frame.format(AV_SAMPLE_FMT_FLTP);
            frame.sample_rate(AUDIO_RATE);
            frame.nb_samples(context.frame_size());
            av_channel_layout_copy(frame.ch_layout(), context.ch_layout());
        }

        @Override
        boolean fill(int index, AVFrame frame) {
            long start = (long) index * context.frame_size();
            if (start >= totalSamples) {
                return false;
            }
            int samples = (int) Math.min(context.frame_size(), totalSamples - start);
            frame.nb_samples(samples);
            for (int channel = 0; channel < AUDIO_CHANNELS; channel++) {
                double hz = channel == 0 ? 440 : 660;
                float[] wave = new float[samples];
                for (int s = 0; s < samples; s++) {
                    wave[s] = (float) (0.3 * Math.sin(2 * Math.PI * hz * (start + s) / AUDIO_RATE));
                }
                new FloatPointer(frame.data(channel)).put(wave, 0, samples);
            }
            frame.pts(start);
            return true;
        }

        @Override
        Packet packet(long pts, boolean key, byte[] data) {
            long shifted = pts + padding;
            return new Packet(1, shifted, shifted * 1_000_000_000L / AUDIO_RATE, true, data);
        }
    }
}
