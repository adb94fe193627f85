package dev.kvsedge.media.mp4;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.h264.AvcDecoderConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The tracks a remux works on, checked once: exactly one H.264 video track with its avcC, and at most one AAC
 * audio track with its AudioSpecificConfig. Shared by the fragmented MP4 and MPEG-TS writers, so both refuse
 * the same inputs with the same messages.
 *
 * @param video the H.264 track
 * @param avc its parsed codec private data
 * @param audio the AAC track, or null
 * @param aac its parsed codec private data, or null
 */
public record RemuxTracks(Track video, AvcDecoderConfig avc, @Nullable Track audio, @Nullable AudioSpecificConfig aac) {

    /** True for the tracks the remuxers can carry: H.264 video and AAC audio. */
    public static boolean isSupported(Track track) {
        return track.isH264() || isAac(track);
    }

    private static boolean isAac(Track track) {
        return track.type() == Track.AUDIO && Track.AAC.equals(track.codecId());
    }

    /**
     * Checks and parses the tracks.
     *
     * @throws IllegalArgumentException when there is no H.264 track, more than one video or audio track, a codec
     *     other than H.264 and AAC, or codec private data that does not parse
     */
    public static RemuxTracks of(List<Track> tracks) {
        if (tracks == null || tracks.isEmpty()) {
            throw new IllegalArgumentException("no tracks to remux");
        }
        Track video = null;
        Track audio = null;
        for (Track track : tracks) {
            if (track.isH264()) {
                if (video != null) {
                    throw new IllegalArgumentException(
                            "more than one video track (" + video.number() + " and " + track.number() + ")");
                }
                video = track;
            } else if (isAac(track)) {
                if (audio != null) {
                    throw new IllegalArgumentException(
                            "more than one audio track (" + audio.number() + " and " + track.number() + ")");
                }
                audio = track;
            } else {
                throw new IllegalArgumentException("track " + track.number() + " has codec " + track.codecId()
                        + "; only " + Track.H264 + " video and " + Track.AAC + " audio can be remuxed");
            }
        }
        if (video == null) {
            throw new IllegalArgumentException("no " + Track.H264 + " video track");
        }
        if (!video.hasCodecPrivate()) {
            throw new IllegalArgumentException("H.264 track " + video.number() + " has no codec private data (avcC)");
        }
        if (audio != null && audio.number() == video.number()) {
            throw new IllegalArgumentException("audio and video tracks share the number " + video.number());
        }
        AvcDecoderConfig avc = AvcDecoderConfig.parse(video.codecPrivate());
        AudioSpecificConfig aac = audio == null ? null : AudioSpecificConfig.parse(audio.codecPrivate());
        return new RemuxTracks(video, avc, audio, aac);
    }

    public boolean hasAudio() {
        return audio != null;
    }

    /** The AAC track, where {@link #hasAudio()} said there is one. */
    public Track requireAudio() {
        return Objects.requireNonNull(audio, "no audio track");
    }

    /** The AAC track's codec private data, where {@link #hasAudio()} said there is one. */
    public AudioSpecificConfig requireAac() {
        return Objects.requireNonNull(aac, "no audio track");
    }

    /** The frames of the video track, in the order given (decode order); frames of other tracks are left out. */
    public List<Frame> videoFrames(List<Frame> frames) {
        return framesOf(video, frames);
    }

    /** The frames of the audio track, or none when there is no audio track. */
    public List<Frame> audioFrames(List<Frame> frames) {
        return audio == null ? List.of() : framesOf(audio, frames);
    }

    /**
     * The video frames of a segment, which must not be empty.
     *
     * @throws IllegalArgumentException when the segment has no frame of the video track
     */
    public List<Frame> requireVideoFrames(List<Frame> frames) {
        List<Frame> videoFrames = frames == null ? List.of() : videoFrames(frames);
        if (videoFrames.isEmpty()) {
            throw new IllegalArgumentException("no frames of H.264 track " + video.number() + " to remux");
        }
        return videoFrames;
    }

    /** The RFC 6381 codecs list for manifests, for example {@code avc1.64001f,mp4a.40.2}. */
    public String codecs() {
        return aac == null ? avc.codecString() : avc.codecString() + "," + aac.codecString();
    }

    private static List<Frame> framesOf(Track track, List<Frame> frames) {
        List<Frame> selected = new ArrayList<>();
        for (Frame frame : frames) {
            if (frame.track() == track.number()) {
                selected.add(frame);
            }
        }
        return selected;
    }
}
