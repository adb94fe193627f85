package dev.kvsedge.server.images;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes the pictures of one fragment's H.264 track with FFmpeg's decoder, in this process. Asked for a frame, it
 * decodes from the key frame before it, or goes on from where the last request stopped when that is on the way, so
 * pictures asked for in time order cost one decode each. Pictures come out in display order (with B-frames, not the
 * order frames are stored in); each carries its frame's timestamp, which says which one it is. Not thread-safe;
 * close it to free the decoder.
 */
final class H264Pictures implements AutoCloseable {
    /** AVERROR(EAGAIN) on Linux: the decoder wants input before it gives more output. */
    private static final int AVERROR_EAGAIN = -11;
    private static final int PADDING = 64; // AV_INPUT_BUFFER_PADDING_SIZE

    private final List<Frame> frames;
    private final AVCodecContext context;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame picture = av_frame_alloc();
    /** The next frame (decode order) to send, and the timestamp of the last picture taken out. */
    private int next;
    private long lastOut = Long.MIN_VALUE;
    private boolean drained;

    /**
     * @param frames the fragment's frames of {@code track}, in decode order, the first a key frame
     * @throws PictureException when the decoder cannot be opened with the track's codec private data
     */
    H264Pictures(Track track, List<Frame> frames) {
        this.frames = frames;
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_H264);
        this.context = avcodec_alloc_context3(codec);
        byte[] avcC = track.codecPrivate();
        BytePointer extradata = new BytePointer(av_malloc(avcC.length + PADDING)).capacity(avcC.length + PADDING);
        extradata.put(avcC).position(0);
        for (int i = avcC.length; i < avcC.length + PADDING; i++) {
            extradata.put(i, (byte) 0);
        }
        context.extradata(extradata);
        context.extradata_size(avcC.length);
        context.thread_count(1); // one picture at a time: frame threads would only add delay
        if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
            close();
            throw new PictureException("the H.264 decoder does not accept the track's codec private data");
        }
    }

    /**
     * The picture of frame {@code index}, valid until the next call; the caller must not keep or free it.
     *
     * @throws PictureException when the frame cannot be decoded
     */
    AVFrame picture(int index) {
        long wanted = frames.get(index).ptsNanos();
        if (wanted <= lastOut || drained || keyFrameBetween(next, index)) {
            restartAt(keyFrameAtOrBefore(index));
        }
        while (true) {
            int received = avcodec_receive_frame(context, picture);
            if (received == 0) {
                long shown = picture.pts() != AV_NOPTS_VALUE ? picture.pts() : picture.best_effort_timestamp();
                lastOut = shown;
                if (shown == wanted) {
                    if (picture.decode_error_flags() != 0) {
                        throw new PictureException("frame " + index + " decoded with errors");
                    }
                    return picture;
                }
                av_frame_unref(picture);
                if (shown > wanted) {
                    throw new PictureException("the decoder skipped frame " + index);
                }
            } else if (received == AVERROR_EAGAIN) {
                send();
            } else {
                drained = true;
                throw new PictureException(received == AVERROR_EOF
                        ? "frame " + index + " never came out of the decoder"
                        : "the decoder failed on frame " + index + " (" + received + ")");
            }
        }
    }

    /** Sends the next frame, or the end of the stream when all were sent. */
    private void send() {
        if (next >= frames.size()) {
            avcodec_send_packet(context, null);
            return;
        }
        Frame frame = frames.get(next);
        if (av_new_packet(packet, frame.data().length) < 0) {
            throw new PictureException("no memory for a packet");
        }
        packet.data().put(frame.data());
        packet.pts(frame.ptsNanos());
        packet.flags(frame.keyFrame() ? AV_PKT_FLAG_KEY : 0);
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        next++;
        if (sent < 0 && sent != AVERROR_EAGAIN) {
            // A damaged frame: the decoder conceals it in the pictures that follow, or says so there.
            return;
        }
    }

    private void restartAt(int keyFrame) {
        avcodec_flush_buffers(context);
        av_frame_unref(picture);
        next = keyFrame;
        lastOut = Long.MIN_VALUE;
        drained = false;
    }

    private boolean keyFrameBetween(int from, int to) {
        for (int i = Math.max(from, 1); i <= to && i < frames.size(); i++) {
            if (frames.get(i).keyFrame()) {
                return true;
            }
        }
        return false;
    }

    private int keyFrameAtOrBefore(int index) {
        for (int i = index; i > 0; i--) {
            if (frames.get(i).keyFrame()) {
                return i;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        av_frame_free(picture);
        av_packet_free(packet);
        avcodec_free_context(context); // frees the extradata too
    }
}
