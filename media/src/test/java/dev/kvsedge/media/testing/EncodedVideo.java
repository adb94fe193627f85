package dev.kvsedge.media.testing;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded test video as the server holds it after reading Matroska: the H.264 track (CodecPrivate = avcC), the
 * AAC track when the spec asked for audio (CodecPrivate = AudioSpecificConfig), and the frames of both in decode
 * order, interleaved by time; H.264 frames are AVCC with four-byte NAL lengths, AAC frames raw. PTS start at 0
 * unless {@link #shifted}.
 *
 * @param track the H.264 track
 * @param audio the AAC track, or null
 */
public record EncodedVideo(Track track, Track audio, List<Frame> frames) {

    public EncodedVideo {
        frames = List.copyOf(frames);
    }

    /** Video only. */
    public EncodedVideo(Track track, List<Frame> frames) {
        this(track, null, frames);
    }

    /** The frames cut before every video key frame, as Kinesis Video fragments are. */
    public List<List<Frame>> fragments() {
        List<List<Frame>> fragments = new ArrayList<>();
        List<Frame> current = null;
        for (Frame frame : frames) {
            if (current == null || frame.keyFrame() && frame.track() == track.number()) {
                current = new ArrayList<>();
                fragments.add(current);
            }
            current.add(frame);
        }
        return fragments;
    }

    /** The same video with every PTS moved by {@code nanos} (for example onto an epoch time line). */
    public EncodedVideo shifted(long nanos) {
        List<Frame> moved = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            moved.add(new Frame(f.track(), f.ptsNanos() + nanos, f.durationNanos(), f.keyFrame(), f.data()));
        }
        return new EncodedVideo(track, audio, moved);
    }

    /** The video frames only. */
    public List<Frame> videoFrames() {
        return frames.stream().filter(f -> f.track() == track.number()).toList();
    }

    /** The audio frames only (none without audio). */
    public List<Frame> audioFrames() {
        return audio == null ? List.of() : frames.stream().filter(f -> f.track() == audio.number()).toList();
    }

    /** The video track, then the audio track if there is one. */
    public List<Track> tracks() {
        return audio == null ? List.of(track) : List.of(track, audio);
    }
}
