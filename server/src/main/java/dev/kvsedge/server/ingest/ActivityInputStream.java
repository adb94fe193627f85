package dev.kvsedge.server.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Remembers when the upload last delivered bytes, for the IDLE acknowledgements and the idle timeout. */
final class ActivityInputStream extends FilterInputStream {
    private volatile long lastArrivalNanos = System.nanoTime();

    ActivityInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        lastArrivalNanos = System.nanoTime();
        return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        int n = super.read(into, offset, length);
        lastArrivalNanos = System.nanoTime();
        return n;
    }

    long idleNanos() {
        return System.nanoTime() - lastArrivalNanos;
    }
}
