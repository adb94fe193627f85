package dev.kvsedge.server.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers when the upload last delivered bytes (for the IDLE acknowledgements, sent while nothing arrives, as AWS
 * does) and when it last made progress (for the idle timeout). Progress is a
 * whole fragment received or {@link #PROGRESS_BYTES} more of the body, not any byte: a producer trickling a few bytes a
 * second is as idle as a silent one, and is ended after the same idle timeout (the lowest media bit rates, a few
 * kilobits per second of audio, still send that much every few seconds).
 */
final class ActivityInputStream extends FilterInputStream {
    static final int PROGRESS_BYTES = 16 * 1024;
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile long lastArrivalNanos = lastProgressNanos;
    private long bytesSinceProgress;
    private volatile boolean timedOut;

    ActivityInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            throw timedOut ? new UploadTimedOut() : e;
        }
        if (b >= 0) {
            arrived(1);
        }
        return b;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(into, offset, length);
        } catch (IOException e) {
            throw timedOut ? new UploadTimedOut() : e;
        }
        if (n > 0) {
            arrived(n);
        }
        return n;
    }

    /** Skipped elements (Tags, Void) are read through here too: they are progress, and a timed-out read is one. */
    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.clamp(n, 1, 8192)];
        long left = n;
        while (left > 0) {
            int read = read(sink, 0, (int) Math.min(sink.length, left));
            if (read < 0) {
                break;
            }
            left -= read;
        }
        return n - left;
    }

    private void arrived(int n) {
        lastArrivalNanos = System.nanoTime();
        bytesSinceProgress += n;
        if (bytesSinceProgress >= PROGRESS_BYTES) {
            progressed();
        }
    }

    /** A fragment was received whole (called on the reading thread). */
    void progressed() {
        bytesSinceProgress = 0;
        lastProgressNanos = System.nanoTime();
    }

    /** How long no byte has arrived. */
    long silentNanos() {
        return System.nanoTime() - lastArrivalNanos;
    }

    /** How long the upload has made no progress. */
    long idleNanos() {
        return System.nanoTime() - lastProgressNanos;
    }

    /** Ends the upload for its idle timeout: the read waiting for more fails with {@link UploadTimedOut}. */
    void timeOut() throws IOException {
        timedOut = true;
        in.close();
    }

    /** The upload made no progress for the idle timeout: the producer is told with an ERROR acknowledgement. */
    static final class UploadTimedOut extends IOException {
        UploadTimedOut() {
            super("no progress within the idle timeout");
        }
    }
}
