package dev.kvsedge.server.cluster;

import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.blob.BlobNotFoundException;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.BlobUpload;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes sure every node of a cluster uses the cluster's media store. The database records the cluster's id; the media
 * store holds the same id in a small blob, its mark, written by the first node. A node whose media store lacks the mark
 * (a folder of its own, another bucket) or holds another cluster's refuses to start: otherwise it would answer the
 * other nodes' media as empty and its sweeps would orphan their files. Comparing paths would not do: every node of a
 * cluster may have a local {@code /var/lib/kvs-edge} that is not shared.
 */
public final class MediaStoreClaim {
    /** The mark's key in the media store; the orphan sweep leaves it alone. */
    public static final String MARK_KEY = "kvs-edge-cluster.id";
    private static final int MAX_MARK_BYTES = 200;

    private MediaStoreClaim() {}

    /**
     * Checks (or, on a new cluster, makes) the media store's mark.
     *
     * @param setting the option that chose the media store ({@code --media-store} or {@code --data-dir}) and its
     *     value, named in the line a refused start prints
     * @throws StartupException when the media store is not the cluster's
     */
    public static ClusterRecord.Recorded check(ClusterRecord record, BlobStore blobs, String setting, String value)
            throws IOException {
        String here = blobs.location();
        return record.claim(new ClusterRecord.Recorded(UUID.randomUUID().toString(), here, false), current -> {
            Optional<String> mark = readMark(blobs);
            if (mark.isPresent() && !mark.get().equals(current.clusterId())) {
                throw StartupException.configuration(setting, value, "the media store " + here + " belongs to another"
                        + " cluster (" + mark.get() + "); this database's cluster (" + current.clusterId()
                        + ") keeps its"
                        + " media in " + current.mediaStore() + ": give every node the same media store and database");
            }
            if (mark.isEmpty()) {
                if (current.marked()) {
                    throw StartupException.configuration(setting, value, "the media store " + here + " is not this"
                            + " database's cluster's: its media is in " + current.mediaStore() + " (marked "
                            + MARK_KEY + " = " + current.clusterId() + "); give every node the same media store"
                            + " (one bucket, or one folder all nodes share)");
                }
                writeMark(blobs, current.clusterId());
            }
            return new ClusterRecord.Recorded(current.clusterId(), here, true);
        });
    }

    private static Optional<String> readMark(BlobStore blobs) throws IOException {
        try (InputStream in = blobs.open(MARK_KEY, 0, MAX_MARK_BYTES)) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (BlobNotFoundException e) {
            return Optional.empty();
        }
    }

    private static void writeMark(BlobStore blobs, String clusterId) throws IOException {
        byte[] bytes = (clusterId + "\n").getBytes(StandardCharsets.UTF_8);
        try (BlobUpload upload = blobs.create(MARK_KEY)) {
            upload.write(bytes, 0, bytes.length);
            upload.commit();
        }
    }
}
