package dev.kvsedge.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from the build (Maven fills in {@code version.properties}); the hub page shows it. */
final class AgentVersion {
    private AgentVersion() {}

    static String current() {
        try (InputStream in = AgentVersion.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            String version = p.getProperty("version", "");
            return version.isBlank() || version.startsWith("${") ? "unknown" : "kvs-edge " + version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
