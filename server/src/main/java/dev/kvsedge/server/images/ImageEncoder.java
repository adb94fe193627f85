package dev.kvsedge.server.images;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AVCOL_RANGE_JPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGB24;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INT;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Makes a JPEG or PNG of a decoded picture with FFmpeg: scaled (bicubic, as the ffmpeg command scales) and
 * converted by swscale, then encoded by FFmpeg's mjpeg or png encoder. JPEGQuality 1 to 100 maps onto mjpeg's
 * quantizer 31 to 1 the way libjpeg's quality scales its tables (50 is the tables as they are).
 */
final class ImageEncoder {
    /** FF_QP2LAMBDA: mjpeg's quantizer is given as a lambda. */
    private static final int QP2LAMBDA = 118;

    private ImageEncoder() {}

    static byte[] encode(AVFrame picture, ImageSpec spec) {
        int[] size = spec.sizeFor(picture.width(), picture.height());
        boolean jpeg = spec.format() == ImageSpec.Format.JPEG;
        int pixelFormat = jpeg ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_RGB24;
        AVFrame scaled = av_frame_alloc();
        AVCodecContext encoder = null;
        AVPacket packet = av_packet_alloc();
        try {
            scaled.format(pixelFormat);
            scaled.width(size[0]);
            scaled.height(size[1]);
            if (av_frame_get_buffer(scaled, 0) < 0) {
                throw new PictureException("no memory for a " + size[0] + "x" + size[1] + " picture");
            }
            scale(picture, scaled);
            AVCodec codec = avcodec_find_encoder_by_name(jpeg ? "mjpeg" : "png");
            encoder = avcodec_alloc_context3(codec);
            encoder.width(size[0]);
            encoder.height(size[1]);
            encoder.pix_fmt(pixelFormat);
            encoder.time_base().num(1).den(25);
            if (jpeg) {
                int lambda = quantizer(spec.jpegQuality()) * QP2LAMBDA;
                encoder.color_range(AVCOL_RANGE_JPEG);
                encoder.flags(encoder.flags() | AV_CODEC_FLAG_QSCALE);
                encoder.global_quality(lambda);
                scaled.quality(lambda);
            }
            if (avcodec_open2(encoder, codec, (AVDictionary) null) < 0) {
                throw new PictureException(
                        "the " + spec.format() + " encoder does not open for " + size[0] + "x" + size[1]);
            }
            if (avcodec_send_frame(encoder, scaled) < 0 || avcodec_send_frame(encoder, null) < 0
                    || avcodec_receive_packet(encoder, packet) < 0) {
                throw new PictureException("the " + spec.format() + " encoder failed");
            }
            byte[] image = new byte[packet.size()];
            packet.data().get(image);
            av_packet_unref(packet);
            return image;
        } finally {
            av_packet_free(packet);
            if (encoder != null) {
                avcodec_free_context(encoder);
            }
            av_frame_free(scaled);
        }
    }

    private static void scale(AVFrame from, AVFrame to) {
        SwsContext sws = sws_getContext(from.width(), from.height(), from.format(), to.width(), to.height(),
                to.format(),
                SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, null, null, (DoublePointer) null);
        if (sws == null) {
            throw new PictureException("swscale cannot convert pixel format " + from.format() + " to " + to.format());
        }
        try {
            sws_scale(sws, from.data(), from.linesize(), 0, from.height(), to.data(), to.linesize());
        } finally {
            sws_freeContext(sws);
        }
    }

    /** libjpeg's quality scale (5000/q below 50, 200-2q above), onto mjpeg's quantizer where 50 is 8 (its tables x1). */
    static int quantizer(int quality) {
        int q = Math.max(1, Math.min(100, quality));
        double scale = q < 50 ? 5000.0 / q : 200 - 2.0 * q;
        return (int) Math.max(1, Math.min(31, Math.round(scale * 8 / 100)));
    }
}
