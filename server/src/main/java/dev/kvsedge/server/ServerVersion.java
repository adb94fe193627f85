package dev.kvsedge.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of kvs-edge this server is, as the build wrote it into {@code version.properties}. */
public final class ServerVersion {
    private static final String CURRENT = read();

    private ServerVersion() {}

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = ServerVersion.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
