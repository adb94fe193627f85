package dev.kvsedge.server.loop;

import java.util.function.Supplier;

/**
 * Work tried on an event-loop thread, where nothing may block. A request that the caches can usually answer
 * (DescribeStream) is served there, saving the two thread hand-offs of a worker; the first call that would block (the
 * database: {@link #mayBlock()}) abandons the attempt, and the request is served again on a worker thread. So an
 * attempt must have done nothing before that call that a second run would repeat visibly (reads, not writes).
 */
public final class OnEventLoop {
    private static final ThreadLocal<Boolean> TRYING = new ThreadLocal<>();
    private static final WouldBlock WOULD_BLOCK = new WouldBlock();

    private OnEventLoop() {}

    /** Thrown by {@link #mayBlock()} inside an attempt; caught by {@link #attempt}, never answered as an error. */
    public static final class WouldBlock extends RuntimeException {
        private WouldBlock() {
            super("work tried on an event loop would block", null, false, false);
        }
    }

    /** The work's result, or null when it came to a call that would block (it stopped there). */
    public static <T> T attempt(Supplier<T> work) {
        TRYING.set(Boolean.TRUE);
        try {
            return work.get();
        } catch (WouldBlock e) {
            return null;
        } finally {
            TRYING.remove();
        }
    }

    /** Called before blocking (a database call): inside an attempt, abandons it. Virtual threads are never in one. */
    public static void mayBlock() {
        if (!Thread.currentThread().isVirtual() && TRYING.get() != null) {
            throw WOULD_BLOCK;
        }
    }
}
