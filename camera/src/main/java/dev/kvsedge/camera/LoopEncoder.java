package dev.kvsedge.camera;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
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
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.kvsedge.media.h264.NalUnits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes the test pattern once, in-process, with FFmpeg's libopenh264 encoder (the only H.264 encoder of the LGPL
 * FFmpeg build; its executables do not run on a bare machine, its libraries do): Constrained Baseline, 4:2:0, no
 * B-frames, an IDR picture every GOP, no skipped frames. The output is checked, not trusted: one access unit per
 * frame, an IDR exactly at each GOP start, and SPS and PPS are put before every IDR picture that lacks them, so that
 * a client joining at any key frame can decode without the SDP.
 */
final class LoopEncoder {
    private static final Logger LOG = LoggerFactory.getLogger(LoopEncoder.class);
    static final String ENCODER = "libopenh264";
    /** AVERROR(EAGAIN) on Linux. */
    private static final int AVERROR_EAGAIN = -11;

    static {
        av_log_set_level(AV_LOG_ERROR); // libopenh264 warns about settings FFmpeg makes for it
    }

    private LoopEncoder() {}

    static EncodedLoop encode(LoopSpec spec) {
        long started = System.nanoTime();
        List<byte[]> packets = encodeFrames(spec);
        EncodedLoop loop = toLoop(spec, packets);
        LOG.info("Encoded the camera loop {}x{} {} fps, {} frames, GOP {}: {} KiB, {} kbit/s, in {} ms", spec.width(),
                spec.height(), spec.fps(), spec.frames(), spec.gopFrames(), loop.bytes() / 1024,
                loop.bitsPerSecond() / 1000, (System.nanoTime() - started) / 1_000_000);
        return loop;
    }

    /** Each frame's encoded packet (Annex B), in order. */
    private static List<byte[]> encodeFrames(LoopSpec spec) {
        AVCodec codec = avcodec_find_encoder_by_name(ENCODER);
        if (codec == null) {
            throw new IllegalStateException("FFmpeg has no " + ENCODER + " encoder");
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        AVDictionary options = new AVDictionary(null);
        try {
            context.width(spec.width());
            context.height(spec.height());
            context.pix_fmt(AV_PIX_FMT_YUV420P);
            context.time_base(av_make_q(1, spec.fps()));
            context.framerate(av_make_q(spec.fps(), 1));
            context.gop_size(spec.gopFrames());
            context.max_b_frames(0);
            context.bit_rate(spec.bitrate());
            context.thread_count(Runtime.getRuntime().availableProcessors());
            av_dict_set(options, "profile", "constrained_baseline", 0);
            av_dict_set(options, "allow_skip_frames", "0", 0); // every frame of the loop must be there
            check(avcodec_open2(context, codec, options), "open " + ENCODER);
            if (av_dict_count(options) != 0) {
                throw new IllegalStateException(ENCODER + " did not take all of its options");
            }

            frame.format(AV_PIX_FMT_YUV420P);
            frame.width(spec.width());
            frame.height(spec.height());
            check(av_frame_get_buffer(frame, 0), "allocate a frame");
            PatternPainter painter = new PatternPainter(spec.width(), spec.height(), spec.frames());
            List<byte[]> out = new ArrayList<>(spec.frames());
            for (int i = 0; i < spec.frames(); i++) {
                check(av_frame_make_writable(frame), "make the frame writable");
                painter.paint(i);
                copyPlane(painter.luma(), spec.width(), spec.height(), frame, 0);
                copyPlane(painter.cb(), spec.width() / 2, spec.height() / 2, frame, 1);
                copyPlane(painter.cr(), spec.width() / 2, spec.height() / 2, frame, 2);
                frame.pts(i);
                check(avcodec_send_frame(context, frame), "encode frame " + i);
                drain(context, packet, out);
            }
            check(avcodec_send_frame(context, null), "flush the encoder");
            drain(context, packet, out);
            return out;
        } finally {
            av_dict_free(options);
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(context);
        }
    }

    /** Copies a plane into the frame row by row: the frame's rows may be padded for alignment. */
    private static void copyPlane(byte[] plane, int width, int height, AVFrame frame, int index) {
        int stride = frame.linesize(index);
        BytePointer data = frame.data(index);
        if (stride == width) {
            data.position(0).put(plane, 0, width * height);
            return;
        }
        for (int y = 0; y < height; y++) {
            data.position((long) y * stride).put(plane, y * width, width);
        }
    }

    private static void drain(AVCodecContext context, AVPacket packet, List<byte[]> out) {
        while (true) {
            int received = avcodec_receive_packet(context, packet);
            if (received == AVERROR_EAGAIN || received == AVERROR_EOF) {
                return;
            }
            check(received, "receive a packet");
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            boolean flaggedKey = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
            av_packet_unref(packet);
            if (data.length > 0 || flaggedKey) {
                out.add(data);
            }
        }
    }

    /** Splits the packets into NAL units, checks the GOP structure, fills in parameter sets, packetizes. */
    private static EncodedLoop toLoop(LoopSpec spec, List<byte[]> packets) {
        if (packets.size() != spec.frames()) {
            throw new IllegalStateException(
                    ENCODER + " gave " + packets.size() + " pictures for " + spec.frames() + " frames");
        }
        byte[] sps = null;
        byte[] pps = null;
        List<List<byte[]>> units = new ArrayList<>();
        for (byte[] packet : packets) {
            List<byte[]> nals = new ArrayList<>(NalUnits.splitAnnexB(packet));
            nals.removeIf(nal -> NalUnits.type(nal) == NalUnits.AUD); // optional, and one less packet per frame
            for (byte[] nal : nals) {
                if (NalUnits.type(nal) == NalUnits.SPS && sps == null) {
                    sps = nal;
                } else if (NalUnits.type(nal) == NalUnits.PPS && pps == null) {
                    pps = nal;
                }
            }
            units.add(nals);
        }
        if (sps == null || pps == null) {
            throw new IllegalStateException(ENCODER + " gave no SPS or no PPS");
        }
        RtpPacketizer packetizer = new RtpPacketizer();
        List<EncodedLoop.AccessUnit> accessUnits = new ArrayList<>(units.size());
        for (int i = 0; i < units.size(); i++) {
            List<byte[]> nals = units.get(i);
            boolean key = nals.stream().anyMatch(nal -> NalUnits.type(nal) == NalUnits.IDR_SLICE);
            if (key != (i % spec.gopFrames() == 0)) {
                throw new IllegalStateException(
                        ENCODER + " put " + (key ? "an IDR picture at frame " : "no IDR picture at frame ") + i
                                + " with a GOP of " + spec.gopFrames());
            }
            if (key) {
                withParameterSets(nals, sps, pps);
            }
            accessUnits.add(new EncodedLoop.AccessUnit(key, packetizer.packetize(nals)));
        }
        return new EncodedLoop(spec, sps, pps, accessUnits);
    }

    /** Makes sure an IDR access unit starts with SPS and PPS, as a client joining there needs them. */
    private static void withParameterSets(List<byte[]> nals, byte[] sps, byte[] pps) {
        boolean hasSps = nals.stream().anyMatch(nal -> NalUnits.type(nal) == NalUnits.SPS);
        boolean hasPps = nals.stream().anyMatch(nal -> NalUnits.type(nal) == NalUnits.PPS);
        if (!hasPps) {
            nals.add(0, pps);
        }
        if (!hasSps) {
            nals.add(0, sps);
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            byte[] buffer = new byte[256];
            av_strerror(result, buffer, buffer.length);
            int end = 0;
            while (end < buffer.length && buffer[end] != 0) {
                end++;
            }
            throw new IllegalStateException(
                    "FFmpeg failed to " + what + ": " + new String(buffer, 0, end, StandardCharsets.UTF_8)
                            + " (" + result + ")");
        }
    }
}
