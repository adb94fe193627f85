package dev.kvsedge.it;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvIds;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.media.testing.EncodedVideo;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Matroska streams as Kinesis Video producers send them (EBML header, a Segment of unknown size, Info, Tracks, then
 * one cluster per fragment), built from real H.264 so that whatever the server keeps also plays. Timecodes are in
 * milliseconds (TimecodeScale 1,000,000). The video is 160x120 at 10 fps with a key frame each second: one GOP is
 * one fragment of 10 frames and 1 s.
 */
final class TestMkv {
    static final VideoSpec SPEC = new VideoSpec(160, 120, 10, 10, 40);
    static final int FRAMES_PER_FRAGMENT = 10;
    static final String HEVC = "V_MPEGH/ISO/HEVC";
    private static EncodedVideo video;

    private TestMkv() {}

    /** Four seconds of real H.264, encoded once per test JVM. */
    static synchronized EncodedVideo video() {
        if (video == null) {
            video = TestVideo.encode(SPEC);
        }
        return video;
    }

    static Track track() {
        return video().track();
    }

    /** The frames of GOP {@code i} (taken modulo the four encoded), PTS from 0. */
    static List<Frame> gop(int i) {
        List<List<Frame>> gops = video().fragments();
        List<Frame> frames = gops.get(i % gops.size());
        long first = frames.getFirst().ptsNanos();
        return frames.stream()
                .map(f -> new Frame(f.track(), f.ptsNanos() - first, f.durationNanos(), f.keyFrame(), f.data()))
                .toList();
    }

    /** EBML header, Segment of unknown size, Info and Tracks for the given tracks. */
    static byte[] header(Track... tracks) {
        return MkvWriter.header(1_000_000, MkvWriter.tracks(List.of(tracks)), "kvs-edge-it");
    }

    /** The header of the test video's one H.264 track. */
    static byte[] header() {
        return header(track());
    }

    /** A Cluster of known size at {@code timecode} ms holding GOP {@code gop}, a frame each 100 ms. */
    static byte[] cluster(long timecode, int gop) {
        return cluster(timecode, gop(gop), 1.0);
    }

    /** A Cluster of known size at {@code timecode} ms with the frames, their offsets stretched by {@code stretch}. */
    static byte[] cluster(long timecode, List<Frame> frames, double stretch) {
        return MkvWriter.cluster(timecode, blocks(frames, stretch, 0));
    }

    /** A Cluster of unknown size, as live producers (kvssink) write them: it ends where the next one starts. */
    static byte[] unknownSizeCluster(long timecode, int gop) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(MkvWriter.id(MkvIds.CLUSTER));
        parts.add(new byte[] {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF});
        parts.add(MkvWriter.uint(MkvIds.TIMECODE, timecode));
        parts.addAll(blocks(gop(gop), 1.0, 0));
        return concat(parts.toArray(byte[][]::new));
    }

    /** SimpleBlocks for the frames, each on track {@code track} (0: the frame's own). */
    static List<byte[]> blocks(List<Frame> frames, double stretch, int track) {
        List<byte[]> blocks = new ArrayList<>();
        long first = frames.getFirst().ptsNanos();
        for (Frame f : frames) {
            int relative = (int) Math.round((f.ptsNanos() - first) / 1e6 * stretch);
            blocks.add(MkvWriter.simpleBlock(track == 0 ? f.track() : track, relative, f.keyFrame(), f.data()));
        }
        return blocks;
    }

    /** A whole upload: the header, then a cluster per timecode (GOPs in turn). */
    static byte[] stream(long... timecodes) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(header());
        for (int i = 0; i < timecodes.length; i++) {
            parts.add(cluster(timecodes[i], i));
        }
        return concat(parts.toArray(byte[][]::new));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }
}
