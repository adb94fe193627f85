package dev.kvsedge.media.mkv;

import static dev.kvsedge.media.mkv.MkvWriter.element;
import static dev.kvsedge.media.mkv.MkvWriter.id;
import static dev.kvsedge.media.mkv.MkvWriter.uint;

import dev.kvsedge.media.Track;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Small Matroska documents built with {@link MkvWriter}, and helpers to read them back. */
final class MkvTestData {
    static final long SCALE = 1_000_000;
    static final Track VIDEO = new Track(1, Track.VIDEO, Track.H264, new byte[] {1, 0x64, 0, 0x1F}, 33_333_333,
            640, 480, 0, 0);
    static final Track AUDIO = new Track(2, Track.AUDIO, Track.AAC, new byte[] {0x12, 0x10}, 0, 0, 0, 48000, 2);
    static final byte[] UNKNOWN_SIZE_1 = {(byte) 0xFF};
    static final byte[] UNKNOWN_SIZE_8 = {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF};

    private MkvTestData() {}

    /** A recognisable frame: its bytes say which cluster and which frame it is. */
    static byte[] frame(int cluster, int index) {
        byte[] data = new byte[50 + index * 7];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (cluster * 31 + index * 7 + i);
        }
        return data;
    }

    /** The blocks of cluster {@code c}: video frames 40 ms apart, the first one key. */
    static List<byte[]> blocks(int c, int frames) {
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < frames; i++) {
            blocks.add(MkvWriter.simpleBlock(VIDEO.number(), i * 40, i == 0, frame(c, i)));
        }
        return blocks;
    }

    static long timecode(int c) {
        return 1000L * c + 5000;
    }

    /** A live-style document: header with video and audio tracks, then known-size clusters. */
    static byte[] document(int clusters, int framesPerCluster) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MkvWriter.header(SCALE, MkvWriter.tracks(List.of(VIDEO, AUDIO)), "test"));
        for (int c = 0; c < clusters; c++) {
            out.writeBytes(MkvWriter.cluster(timecode(c), blocks(c, framesPerCluster)));
        }
        return out.toByteArray();
    }

    /** A Cluster of unknown size (one-byte or eight-byte marker) holding a Timecode and the children. */
    static byte[] unknownSizeCluster(byte[] sizeMarker, long timecode, List<byte[]> children) {
        List<byte[]> parts = new ArrayList<>(List.of(id(MkvIds.CLUSTER), sizeMarker, uint(MkvIds.TIMECODE, timecode)));
        parts.addAll(children);
        return concat(parts.toArray(byte[][]::new));
    }

    static byte[] tracksWith(byte[] codecPrivate) {
        Track video = new Track(1, Track.VIDEO, Track.H264, codecPrivate, 0, 1280, 720, 0, 0);
        return MkvWriter.tracks(List.of(video));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] voidElement(int payloadSize) {
        return element(MkvIds.VOID, new byte[payloadSize]);
    }

    static List<MkvEvent> readAll(byte[] mkv) {
        return readAll(new MkvStreamReader(new ByteArrayInputStream(mkv)));
    }

    static List<MkvEvent> readAll(MkvStreamReader reader) {
        try {
            List<MkvEvent> events = new ArrayList<>();
            for (MkvEvent e = reader.next(); e != null; e = reader.next()) {
                events.add(e);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events' kinds, e.g. "H S B B E", for compact assertions on their order. */
    static String shape(List<MkvEvent> events) {
        StringBuilder s = new StringBuilder();
        for (MkvEvent e : events) {
            s.append(s.isEmpty() ? "" : " ").append(switch (e) {
                case MkvEvent.Header h -> "H";
                case MkvEvent.ClusterStart c -> "S";
                case MkvEvent.Block b -> "B";
                case MkvEvent.ClusterOther o -> "O";
                case MkvEvent.ClusterEnd end -> "E";
            });
        }
        return s.toString();
    }
}
