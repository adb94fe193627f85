package dev.kvsedge.server.blob;

import java.io.IOException;

/** The blob store holds nothing under the key: deleted by retention, or never committed. */
public final class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String key) {
        super("no blob " + key);
    }
}
