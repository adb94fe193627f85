package dev.kvsedge.media.mkv;

import dev.kvsedge.media.Track;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Builds Matroska elements: stream headers, Tracks, Tags, Clusters and SimpleBlocks. */
public final class MkvWriter {
    /** A Segment or Cluster size meaning "unknown": the element ends where its parent or the stream does. */
    private static final byte[] UNKNOWN_SIZE = {0x01, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    /** Length of {@link #clusterHeader(long)}: a 4-byte ID and an 8-byte size. */
    public static final int CLUSTER_HEADER_LENGTH = 12;

    private MkvWriter() {}

    /**
     * The start of a live document: EBML header, a Segment of unknown size (clusters follow without end), its Info,
     * and the given Tracks element (kept byte-exact as the producer sent it).
     */
    public static byte[] header(long timecodeScaleNanos, byte[] tracksElement, String muxingApp) {
        byte[] ebml = element(MkvIds.EBML,
                uint(MkvIds.EBML_VERSION, 1),
                uint(MkvIds.EBML_READ_VERSION, 1),
                uint(MkvIds.EBML_MAX_ID_LENGTH, 4),
                uint(MkvIds.EBML_MAX_SIZE_LENGTH, 8),
                string(MkvIds.DOC_TYPE, "matroska"),
                uint(MkvIds.DOC_TYPE_VERSION, 4),
                uint(MkvIds.DOC_TYPE_READ_VERSION, 2));
        byte[] info = element(MkvIds.INFO,
                uint(MkvIds.TIMECODE_SCALE, timecodeScaleNanos),
                string(MkvIds.MUXING_APP, muxingApp),
                string(MkvIds.WRITING_APP, muxingApp));
        return concat(ebml, id(MkvIds.SEGMENT), UNKNOWN_SIZE, info, tracksElement);
    }

    /** A Tracks element describing the given tracks (TrackUID = TrackNumber). */
    public static byte[] tracks(List<Track> tracks) {
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (Track t : tracks) {
            ByteArrayOutputStream entry = new ByteArrayOutputStream();
            entry.writeBytes(uint(MkvIds.TRACK_NUMBER, t.number()));
            entry.writeBytes(uint(MkvIds.TRACK_UID, t.number()));
            entry.writeBytes(uint(MkvIds.TRACK_TYPE, t.type()));
            entry.writeBytes(string(MkvIds.CODEC_ID, t.codecId()));
            if (t.hasCodecPrivate()) {
                entry.writeBytes(element(MkvIds.CODEC_PRIVATE, t.codecPrivate()));
            }
            if (t.defaultDurationNanos() > 0) {
                entry.writeBytes(uint(MkvIds.DEFAULT_DURATION, t.defaultDurationNanos()));
            }
            if (t.type() == Track.VIDEO) {
                entry.writeBytes(element(MkvIds.VIDEO, uint(MkvIds.PIXEL_WIDTH, t.width()),
                        uint(MkvIds.PIXEL_HEIGHT, t.height())));
            } else if (t.type() == Track.AUDIO) {
                entry.writeBytes(element(MkvIds.AUDIO, floating(MkvIds.SAMPLING_FREQUENCY, t.samplingFrequency()),
                        uint(MkvIds.CHANNELS, t.channels())));
            }
            entries.writeBytes(element(MkvIds.TRACK_ENTRY, entry.toByteArray()));
        }
        return element(MkvIds.TRACKS, entries.toByteArray());
    }

    /**
     * A Tags element with one Tag holding one SimpleTag per entry, in the map's order: how Kinesis Video marks
     * fragments ({@code AWS_KINESISVIDEO_FRAGMENT_NUMBER} and the like).
     */
    public static byte[] tags(Map<String, String> tags) {
        ByteArrayOutputStream simpleTags = new ByteArrayOutputStream();
        tags.forEach((name, value) -> simpleTags.writeBytes(
                element(MkvIds.SIMPLE_TAG, string(MkvIds.TAG_NAME, name), string(MkvIds.TAG_STRING, value))));
        return element(MkvIds.TAGS, element(MkvIds.TAG, simpleTags.toByteArray()));
    }

    /** A Cluster of known size: a Timecode element, then the given children (blocks, usually). */
    public static byte[] cluster(long timecode, List<byte[]> children) {
        return cluster(concat(uint(MkvIds.TIMECODE, timecode), concat(children.toArray(byte[][]::new))));
    }

    /**
     * Re-wraps a received cluster's children with a known size: pass {@code ClusterStart.elements} then every
     * block and other element in order, and the result is the cluster as the producer meant it.
     */
    public static byte[] cluster(byte[]... rawChildren) {
        byte[] payload = concat(rawChildren);
        return concat(clusterHeader(payload.length), payload);
    }

    /**
     * A Cluster ID and size with the size always written on 8 bytes, so that the header has a fixed length
     * ({@link #CLUSTER_HEADER_LENGTH}): storage can reserve it before the children arrive and fill it in after.
     */
    public static byte[] clusterHeader(long payloadSize) {
        if (payloadSize < 0 || payloadSize >= (1L << 56) - 1) {
            throw new IllegalArgumentException("cluster size " + payloadSize);
        }
        byte[] header = concat(id(MkvIds.CLUSTER), new byte[8]);
        long v = payloadSize | 1L << 56; // the 8-byte VINT marker
        for (int i = 0; i < 8; i++) {
            header[4 + i] = (byte) (v >>> 8 * (7 - i));
        }
        return header;
    }

    /** An unlaced SimpleBlock holding one frame. */
    public static byte[] simpleBlock(int track, int relativeTimecode, boolean keyFrame, byte[] frame) {
        if (relativeTimecode < Short.MIN_VALUE || relativeTimecode > Short.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "relative timecode " + relativeTimecode + " is not a signed 16-bit value");
        }
        byte[] head = concat(size(track), new byte[] {(byte) (relativeTimecode >> 8), (byte) relativeTimecode,
                (byte) (keyFrame ? 0x80 : 0)});
        return element(MkvIds.SIMPLE_BLOCK, head, frame);
    }

    /** An element whose payload is the concatenation of {@code payload} (children, or one binary value). */
    public static byte[] element(int id, byte[]... payload) {
        byte[] body = concat(payload);
        return concat(id(id), size(body.length), body);
    }

    /** An unsigned integer element on as few bytes as the value needs (at least one). */
    public static byte[] uint(int id, long value) {
        int length = Math.max(1, 8 - Long.numberOfLeadingZeros(value) / 8);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (value >>> 8 * (length - 1 - i));
        }
        return element(id, bytes);
    }

    public static byte[] string(int id, String value) {
        return element(id, value.getBytes(StandardCharsets.UTF_8));
    }

    /** An 8-byte float element. */
    public static byte[] floating(int id, double value) {
        long bits = Double.doubleToLongBits(value);
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (bits >>> 8 * (7 - i));
        }
        return element(id, bytes);
    }

    /** An element ID's bytes: the ID already carries its length in its marker bits. */
    public static byte[] id(int id) {
        int length = 4 - Integer.numberOfLeadingZeros(id) / 8;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (id >>> 8 * (length - 1 - i));
        }
        return bytes;
    }

    /** A size VINT on as few bytes as the value needs (an all-ones value would read as "unknown", so one more). */
    public static byte[] size(long value) {
        int length = 1;
        while (length < 8 && value >= (1L << 7 * length) - 1) {
            length++;
        }
        if (value < 0 || value >= (1L << 7 * length) - 1) {
            throw new IllegalArgumentException("size " + value + " cannot be encoded");
        }
        long v = value | 1L << 7 * length;
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (v >>> 8 * (length - 1 - i));
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
