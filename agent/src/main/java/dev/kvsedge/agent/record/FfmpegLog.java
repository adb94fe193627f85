package dev.kvsedge.agent.record;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_WARNING;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends FFmpeg's own log lines to the agent's log instead of stderr, with any URI credentials hidden (a demuxer
 * may name the URL it opens), at DEBUG: every FFmpeg failure that matters ends the connection and is logged once
 * by {@link Recording} with FFmpeg's error text, so at INFO a camera retry is one line, not FFmpeg's as well.
 * Process-wide, installed once by the first recording.
 */
final class FfmpegLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.kvsedge.agent.record.ffmpeg");

    /** Kept reachable for as long as FFmpeg may call it. */
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            if (!LOG.isDebugEnabled()) {
                return;
            }
            String line = UriRedaction.redactText(message.getString().stripTrailing());
            if (!line.isEmpty()) {
                LOG.debug(line);
            }
        }
    };

    private static boolean installed;

    private FfmpegLog() {}

    static synchronized void install() {
        if (!installed) {
            av_log_set_level(AV_LOG_WARNING);
            setLogCallback(CALLBACK);
            installed = true;
        }
    }
}
