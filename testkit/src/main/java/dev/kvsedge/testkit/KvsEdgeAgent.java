package dev.kvsedge.testkit;

import java.nio.file.Path;

/**
 * An edge agent running in the test's JVM for one hub device, as on a hub: it picks up the hub's edge
 * configurations from the server, records their cameras with FFmpeg, uploads with PutMedia, deletes by the
 * deletion rules and reports its status. Close it, or let its {@link KvsEdge} close it.
 */
public final class KvsEdgeAgent implements AutoCloseable {
    private final Remote agent;
    private final String hubDeviceArn;
    private final Path dataDir;

    KvsEdgeAgent(Remote agent, String hubDeviceArn, Path dataDir) {
        this.agent = agent;
        this.hubDeviceArn = hubDeviceArn;
        this.dataDir = dataDir;
    }

    /** The hub device (AWS IoT thing) ARN the agent runs as. */
    public String hubDeviceArn() {
        return hubDeviceArn;
    }

    /** Where it keeps its segments, segment index and saved configurations. */
    public Path dataDir() {
        return dataDir;
    }

    /** Stops syncing and every job; a recording completes its segment first. */
    @Override
    public void close() {
        agent.close();
    }
}
