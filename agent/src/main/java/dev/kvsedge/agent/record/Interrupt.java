package dev.kvsedge.agent.record;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Lets another thread abort a blocking FFmpeg call (connecting, reading a silent camera): FFmpeg polls its
 * interrupt callback while it waits. One callback serves every recording, because JavaCPP can make only a few
 * callback instances per class; each recording's flag is a native int passed as the callback's opaque pointer.
 */
final class Interrupt implements AutoCloseable {
    private static final AVIOInterruptCB.Callback_Pointer CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            return opaque == null || opaque.isNull() ? 0 : new IntPointer(opaque).get();
        }
    };

    private final IntPointer flag = new IntPointer(1);
    private boolean closed;

    Interrupt() {
        flag.put(0);
    }

    /** Points the context's interrupt callback at this flag. */
    void attach(AVIOInterruptCB callback) {
        callback.callback(CALLBACK);
        callback.opaque(flag);
    }

    /** Makes FFmpeg calls that wait on I/O return AVERROR_EXIT, now and from now on. */
    synchronized void raise() {
        if (!closed) {
            flag.put(1);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        flag.close();
    }
}
