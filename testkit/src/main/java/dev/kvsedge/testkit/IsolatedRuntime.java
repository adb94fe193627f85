package dev.kvsedge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The runtime's class loader, made once per JVM (its classes loaded, its native SQLite library loaded and its code
 * compiled by the JIT once, which makes every server after the first start fast), and the servers it starts.
 */
final class IsolatedRuntime {
    private static final String EMBEDDED = "dev.kvsedge.testkit.runtime.EmbeddedKvsEdge";
    /** The FFmpeg build the agent and the camera are made with (the root pom's org.bytedeco versions). */
    static final String FFMPEG = "8.1.2-1.5.14";
    static final String JAVACPP = "1.5.14";

    private final RuntimeClassLoader loader;
    private final Class<?> embedded;

    private IsolatedRuntime(RuntimeClassLoader loader, Class<?> embedded) {
        this.loader = loader;
        this.embedded = embedded;
    }

    private static final class Holder {
        static final IsolatedRuntime INSTANCE = load();
    }

    static IsolatedRuntime get() {
        return Holder.INSTANCE;
    }

    private static IsolatedRuntime load() {
        try {
            RuntimeClassLoader loader = new RuntimeClassLoader(RuntimeJars.locate(),
                    IsolatedRuntime.class.getClassLoader());
            return new IsolatedRuntime(loader, Class.forName(EMBEDDED, true, loader));
        } catch (IOException e) {
            throw new UncheckedIOException("kvs-edge testkit: cannot unpack its runtime: " + e.getMessage(), e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("kvs-edge testkit: its runtime lacks " + EMBEDDED, e);
        }
    }

    /** A started server (an {@code EmbeddedKvsEdge}). */
    Remote start(Map<String, Object> options) {
        return new Remote(Remote.callStatic(embedded, "start", options), loader);
    }

    void requireFfmpeg(String what) {
        if (!loader.testHasFfmpeg()) {
            throw new IllegalStateException("kvs-edge testkit: " + what
                    + " needs FFmpeg on the test class path: add the test"
                    + " dependencies org.bytedeco:ffmpeg:" + FFMPEG + " and org.bytedeco:javacpp:" + JAVACPP
                    + ", each a second"
                    + " time with the classifier of your platform (such as linux-x86_64), as testkit/README.md shows");
        }
    }
}
