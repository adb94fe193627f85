package dev.kvsedge.agent.record;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_BUG;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXTERNAL;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_BAD_REQUEST;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_FORBIDDEN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_HTTP_UNAUTHORIZED;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_INVALIDDATA;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_PROTOCOL_NOT_FOUND;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import java.nio.charset.StandardCharsets;

/**
 * FFmpeg error codes as recorder statuses. A failure of the source (the camera or file, its address, its
 * credentials, its content, the network to it) is a USER_ERROR: the user fixes it in the camera or the
 * configuration. Only failures of this device (memory, FFmpeg itself) are SYSTEM_ERRORs.
 */
final class FfmpegErrors {
    // AVERROR(errno) is -errno; the Linux errno values.
    private static final int ENOENT = -2;
    private static final int EIO = -5;
    private static final int ENOMEM = -12;
    private static final int EACCES = -13;
    private static final int ECONNRESET = -104;
    private static final int ETIMEDOUT = -110;
    private static final int ECONNREFUSED = -111;
    private static final int EHOSTUNREACH = -113;
    private static final int ENETUNREACH = -101;

    private FfmpegErrors() {}

    /** A redacted exception for an FFmpeg error while doing {@code what} with the source. */
    static SourceException of(int code, String what, MediaSource source) {
        return new SourceException(status(code),
                source.redact(what + " " + source.display() + ": " + explain(code, source)),
                code == AVERROR_HTTP_UNAUTHORIZED);
    }

    static Status status(int code) {
        return code == ENOMEM || code == AVERROR_BUG || code == AVERROR_EXTERNAL
                ? Status.SYSTEM_ERROR
                : Status.USER_ERROR;
    }

    /** FFmpeg's text for the code, with a hint where the cause is a usual one. */
    static String explain(int code, MediaSource source) {
        String hint;
        if (code == AVERROR_HTTP_UNAUTHORIZED) {
            hint = "the camera refused the credentials (401 Unauthorized)";
        } else if (code == AVERROR_HTTP_FORBIDDEN) {
            hint = "the camera refused access (403 Forbidden)";
        } else if (code == AVERROR_HTTP_NOT_FOUND) {
            hint = "the camera has no such stream (404 Not Found)";
        } else if (code == AVERROR_HTTP_BAD_REQUEST) {
            hint = "the camera rejected the request (400 Bad Request)";
        } else if (code == ECONNREFUSED || code == EHOSTUNREACH || code == ENETUNREACH) {
            hint = "the camera cannot be reached";
        } else if (code == ETIMEDOUT) {
            hint = "the camera did not answer in time";
        } else if (code == ECONNRESET || code == EIO) {
            hint = "the connection to the camera broke";
        } else if (code == AVERROR_EOF) {
            hint = source.kind() == MediaSource.Kind.RTSP_URI ? "the camera ended the stream" : "the file ended";
        } else if (code == ENOENT) {
            hint = "no such file";
        } else if (code == EACCES) {
            hint = "permission denied";
        } else if (code == AVERROR_INVALIDDATA && source.kind() == MediaSource.Kind.RTSP_URI) {
            // FFmpeg's RTSP client says this of a server that answered nothing in time as well as of a bad answer.
            hint = "the camera did not answer as an RTSP camera, or not in time";
        } else if (code == AVERROR_INVALIDDATA) {
            hint = "not media FFmpeg can read";
        } else if (code == AVERROR_PROTOCOL_NOT_FOUND) {
            hint = "unsupported protocol";
        } else {
            hint = null;
        }
        String text = text(code);
        return hint == null ? text : hint + " (" + text + ")";
    }

    /** FFmpeg's text for an error code, with the code. */
    static String text(int code) {
        byte[] buffer = new byte[256];
        av_strerror(code, buffer, buffer.length);
        int end = 0;
        while (end < buffer.length && buffer[end] != 0) {
            end++;
        }
        return new String(buffer, 0, end, StandardCharsets.UTF_8) + ", " + code;
    }
}
