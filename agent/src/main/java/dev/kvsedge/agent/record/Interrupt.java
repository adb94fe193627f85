package dev.kvsedge.agent.record;

import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Lets another thread abort a blocking FFmpeg call (connecting, reading a silent camera): FFmpeg polls its
 * interrupt callback, with the opaque pointer, before every socket read and while it waits.
 *
 * <p>That is hundreds of calls per second per camera, so the callback is not Java: a Java upcall each time cost
 * about a tenth of a core at 64 cameras. The flag is a native C string, "0" or "1", and the callback is the C
 * library's {@code atoi}, whose signature ({@code int f(const char *)}) is the callback's ({@code int f(void *)}):
 * it returns the flag. Where {@code atoi} cannot be found, a Java callback reads the flag instead; there is one
 * for every recording, because JavaCPP makes only a few callback instances per class.
 */
final class Interrupt implements AutoCloseable {
    private static final AVIOInterruptCB.Callback_Pointer JAVA_CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            return opaque == null || opaque.isNull() ? 0 : new BytePointer(opaque).get() - '0';
        }
    };
    /** The C library's atoi, or null. */
    private static final Pointer ATOI = atoi();

    private final BytePointer flag = new BytePointer("0");
    private boolean closed;

    private static Pointer atoi() {
        Pointer atoi = Loader.addressof("atoi");
        return atoi == null || atoi.isNull() ? null : atoi;
    }

    /** Whether FFmpeg calls native code only (true where the C library's atoi was found). */
    static boolean nativeCallback() {
        return ATOI != null;
    }

    /** Points the context's interrupt callback at this flag. */
    void attach(AVIOInterruptCB callback) {
        if (ATOI != null) {
            // A plain function address cannot go through JavaCPP's callback setter (it expects its own callback
            // object), so it is written into the struct, whose C layout FFmpeg defines: {callback, opaque}.
            PointerPointer<Pointer> fields = new PointerPointer<>(callback);
            fields.put(0, ATOI);
            fields.put(1, flag);
        } else {
            callback.callback(JAVA_CALLBACK);
            callback.opaque(flag);
        }
    }

    /** Makes FFmpeg calls that wait on I/O return AVERROR_EXIT, now and from now on. */
    synchronized void raise() {
        if (!closed) {
            flag.put(0, (byte) '1');
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        flag.close();
    }
}
