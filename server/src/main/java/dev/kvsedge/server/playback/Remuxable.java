package dev.kvsedge.server.playback;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mp4.RemuxTracks;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.util.List;

/** Checks that a fragment's tracks can be remuxed to MP4 or MPEG-TS, with the errors the archived-media API gives. */
final class Remuxable {
    private Remuxable() {
    }

    static void check(List<Track> tracks) {
        Track first = tracks.isEmpty() ? null : tracks.getFirst();
        if (first == null || !first.isH264()) {
            throw new ApiException(ErrorCode.UNSUPPORTED_STREAM_MEDIA_TYPE, "The media's first track is "
                    + (first == null ? "missing" : first.codecId()) + "; playback needs H.264 (V_MPEG4/ISO/AVC) in track 1.");
        }
        if (!first.hasCodecPrivate()) {
            throw new ApiException(ErrorCode.MISSING_CODEC_PRIVATE_DATA, "The H.264 track has no codec private data.");
        }
        try {
            RemuxTracks.of(tracks);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_CODEC_PRIVATE_DATA, "The media cannot be played back: " + e.getMessage() + ".");
        }
    }
}
