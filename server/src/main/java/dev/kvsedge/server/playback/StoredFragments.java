package dev.kvsedge.server.playback;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.ClusterParser;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.media.mkv.MkvStreamReader;
import dev.kvsedge.media.mkv.MkvWriter;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.fragments.Fragment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads fragments back from the blob store: as Matroska with Kinesis Video's fragment tags (streamed, so a
 * 50 MB fragment is never held whole), or decoded into frames on the absolute producer time line for remuxing.
 */
public final class StoredFragments {
    private final BlobStore blobs;

    public StoredFragments(BlobStore blobs) {
        this.blobs = blobs;
    }

    /** A fragment's tracks and frames; frame times are producer epoch nanoseconds. */
    public record Decoded(Fragment fragment, List<Track> tracks, List<Frame> frames) {}

    /** The tags that mark a fragment in GetMedia and GetMediaForFragmentList output. */
    static Map<String, String> fragmentTags(Fragment fragment) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("AWS_KINESISVIDEO_FRAGMENT_NUMBER", fragment.numberText());
        tags.put("AWS_KINESISVIDEO_SERVER_TIMESTAMP", seconds(fragment.serverTimestamp()));
        tags.put("AWS_KINESISVIDEO_PRODUCER_TIMESTAMP", seconds(fragment.producerTimestamp()));
        return tags;
    }

    /** Epoch seconds with milliseconds, as Kinesis Video writes timestamps in tags. */
    static String seconds(Instant instant) {
        long millis = instant.toEpochMilli();
        return String.format("%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
    }

    /**
     * Writes the fragment as one Matroska document: header, the fragment tags, the cluster, then {@code after}
     * tags (GetMedia's continuation token) when not empty.
     */
    void writeMkv(Fragment fragment, Map<String, String> before, Map<String, String> after, OutputStream out)
            throws IOException {
        // One read of the blob (one S3 GET): its header, then the tags and the cluster's own header, then the media.
        try (InputStream blob = blobs.open(fragment.blobKey(), 0, -1)) {
            byte[] header = blob.readNBytes(fragment.headerLength());
            if (header.length < fragment.headerLength()) {
                throw new IOException("fragment " + fragment.number() + " is shorter than its stored header");
            }
            out.write(header);
            out.write(MkvWriter.tags(before));
            out.write(MkvWriter.clusterHeader(fragment.mediaSize()));
            blob.transferTo(out);
        }
        if (!after.isEmpty()) {
            out.write(MkvWriter.tags(after));
        }
    }

    public Decoded decode(Fragment fragment) throws IOException {
        byte[] blob;
        try (InputStream in = blobs.open(fragment.blobKey(), 0, -1)) {
            blob = in.readAllBytes();
        }
        MkvEvent first = new MkvStreamReader(new ByteArrayInputStream(blob, 0, fragment.headerLength())).next();
        if (!(first instanceof MkvEvent.Header header)) {
            throw new IOException("fragment " + fragment.number() + " has no stored header");
        }
        byte[] cluster = new byte[MkvWriter.CLUSTER_HEADER_LENGTH + blob.length - fragment.headerLength()];
        System.arraycopy(MkvWriter.clusterHeader(fragment.mediaSize()), 0, cluster, 0, MkvWriter.CLUSTER_HEADER_LENGTH);
        System.arraycopy(blob, fragment.headerLength(), cluster, MkvWriter.CLUSTER_HEADER_LENGTH,
                blob.length - fragment.headerLength());
        ClusterParser.Cluster parsed = ClusterParser.parse(cluster, header.tracks(), header.timecodeScaleNanos());
        // Cluster times are the producer's (absolute, or relative to its start): move them onto the index's
        // producer timestamp, which is absolute either way.
        // Exact arithmetic: media stored before ingest checked its times might not fit a long (ArithmeticException,
        // which playback answers with a 4xx like any other media it cannot decode).
        long shift = Math.subtractExact(epochNanos(fragment.producerTimestamp()),
                Math.multiplyExact(parsed.timecode(), header.timecodeScaleNanos()));
        List<Frame> frames = new ArrayList<>(parsed.frames().size());
        for (Frame f : parsed.frames()) {
            frames.add(new Frame(f.track(), Math.addExact(f.ptsNanos(), shift), f.durationNanos(), f.keyFrame(),
                    f.data()));
        }
        return new Decoded(fragment, header.tracks(), frames);
    }

    static long epochNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }
}
