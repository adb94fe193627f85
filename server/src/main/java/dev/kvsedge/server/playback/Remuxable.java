package dev.kvsedge.server.playback;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvFormatException;
import dev.kvsedge.media.mp4.RemuxTracks;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.util.List;

/**
 * Checks that a fragment's tracks can be remuxed to MP4 or MPEG-TS, with the errors the archived-media API gives, and
 * turns what the media library throws at stored media it cannot decode or remux into a client error.
 */
final class Remuxable {
    private Remuxable() {}

    /**
     * Whether the media library threw this at media it cannot read or remux (as opposed to a failure of the server):
     * invalid Matroska, times that do not fit, shapes MP4 or MPEG-TS cannot carry.
     */
    static boolean unplayable(RuntimeException e) {
        return e instanceof MkvFormatException || e instanceof ArithmeticException
                || e instanceof IllegalArgumentException;
    }

    /** The answer to stored media the library cannot play: a 4xx naming why, never a 500. */
    static ApiException unplayable(String what, RuntimeException cause) {
        return new ApiException(ErrorCode.UNSUPPORTED_STREAM_MEDIA_TYPE,
                what + " cannot be played back: " + cause.getMessage() + ".");
    }

    static void check(List<Track> tracks) {
        Track first = tracks.isEmpty() ? null : tracks.getFirst();
        if (first == null || !first.isH264()) {
            throw new ApiException(ErrorCode.UNSUPPORTED_STREAM_MEDIA_TYPE, "The media's first track is "
                    + (first == null ? "missing" : first.codecId())
                    + "; playback needs H.264 (V_MPEG4/ISO/AVC) in track 1.");
        }
        if (!first.hasCodecPrivate()) {
            throw new ApiException(ErrorCode.MISSING_CODEC_PRIVATE_DATA, "The H.264 track has no codec private data.");
        }
        try {
            RemuxTracks.of(tracks);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_CODEC_PRIVATE_DATA,
                    "The media cannot be played back: " + e.getMessage() + ".");
        }
    }
}
