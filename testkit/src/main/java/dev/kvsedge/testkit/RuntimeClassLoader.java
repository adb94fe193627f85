package dev.kvsedge.testkit;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * The class loader of the testkit's runtime: the server's libraries (Vert.x, Netty 4.2, Jackson, SQLite, ...) are
 * found here and nowhere else, so the test's own versions of them never meet. Its parent is the platform class
 * loader (the JDK's modules). Two families come from the test's class path when it has them: FFmpeg
 * ({@code org.bytedeco}, native code that one JVM loads once, and that only agent and camera tests need) and SLF4J 2,
 * so that the server logs through the test's logging.
 */
final class RuntimeClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private final ClassLoader test;
    private final List<String> shared;

    RuntimeClassLoader(List<URL> jars, ClassLoader test) {
        super("kvs-edge-testkit", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.test = test;
        List<String> prefixes = new ArrayList<>(List.of("org.bytedeco."));
        if (has(test, "org.slf4j.spi.SLF4JServiceProvider")) {
            prefixes.add("org.slf4j.");
        }
        this.shared = List.copyOf(prefixes);
    }

    private static boolean has(ClassLoader loader, String className) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String prefix : shared) {
            if (name.startsWith(prefix)) {
                try {
                    return test.loadClass(name);
                } catch (ClassNotFoundException e) {
                    break; // not on the test's class path: the runtime's own copy, if it has one
                }
            }
        }
        return super.loadClass(name, resolve);
    }

    /** Whether the test's class path has FFmpeg, which the agent and the camera need. */
    boolean testHasFfmpeg() {
        return has(test, "org.bytedeco.ffmpeg.global.avformat");
    }
}
