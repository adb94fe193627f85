package dev.kvsedge.server.blob;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/**
 * Where fragment media lives: immutable blobs under string keys. The filesystem store is the default; an
 * S3-compatible bucket serves shared deployments. Both pass the same contract tests.
 *
 * <p>Keys are relative paths of {@code [A-Za-z0-9._/-]} segments, no {@code ..}, no leading slash. Every
 * method throws IllegalArgumentException for a key outside this rule.
 */
public interface BlobStore extends AutoCloseable {

    /** Starts a blob. Its bytes become readable under {@code key} only when {@link BlobUpload#commit()} returns. */
    BlobUpload create(String key) throws IOException;

    /**
     * Reads {@code length} bytes of a committed blob from {@code offset} ({@code length} -1: to the end).
     * A range reaching past the end is cut short there; one starting at or past the end reads nothing.
     *
     * @throws BlobNotFoundException when no blob has this key
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Removes a blob; removing one that does not exist is not an error. */
    void delete(String key) throws IOException;

    /** A committed blob as a listing of the store shows it. */
    record StoredBlob(String key, Instant lastModified) {}

    /** What {@link #forEach} calls for each blob. */
    @FunctionalInterface
    interface BlobVisitor {
        void visit(StoredBlob blob) throws IOException;
    }

    /**
     * Calls {@code each} for every committed blob, in no set order, for the sweep that finds blobs no index row names.
     * A blob committed or deleted during the listing may or may not be seen; objects whose key breaks the key rule
     * (put there by something else) are left out.
     */
    void forEach(BlobVisitor each) throws IOException;

    /**
     * Checks that the store can be reached and written now (the folder is there and writable, the bucket answers):
     * for the health endpoint.
     *
     * @throws IOException saying what is wrong, never with a credential
     */
    void check() throws IOException;

    /** Where the blobs go, for the ready line and logs, for example {@code s3://media} (never a credential). */
    String location();

    @Override
    void close() throws IOException;
}
