package dev.kvsedge.media.testing;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import java.util.ArrayList;
import java.util.List;

/**
 * Encoded test video as the server holds it after reading Matroska: the H.264 track (CodecPrivate = avcC) and its
 * frames in decode order, AVCC with four-byte NAL lengths, PTS from 0 unless {@link #shifted}.
 */
public record EncodedVideo(Track track, List<Frame> frames) {

    public EncodedVideo {
        frames = List.copyOf(frames);
    }

    /** The frames cut before every key frame, as Kinesis Video fragments are. */
    public List<List<Frame>> fragments() {
        List<List<Frame>> fragments = new ArrayList<>();
        List<Frame> current = null;
        for (Frame frame : frames) {
            if (current == null || frame.keyFrame()) {
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
        return new EncodedVideo(track, moved);
    }

    public List<Track> tracks() {
        return List.of(track);
    }
}
