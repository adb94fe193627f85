package dev.kvsedge.server.blob;

import java.io.IOException;

/** A blob being written. Closing it without {@link #commit()} discards what was written. */
public interface BlobUpload extends AutoCloseable {

    void write(byte[] bytes, int offset, int length) throws IOException;

    /** Bytes written so far. */
    long size();

    /** Makes the blob durable and readable under its key; when this returns, a crash does not lose it. */
    void commit() throws IOException;

    @Override
    void close() throws IOException;
}
