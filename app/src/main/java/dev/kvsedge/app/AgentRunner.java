package dev.kvsedge.app;

import dev.kvsedge.agent.AgentConfig;
import dev.kvsedge.agent.EdgeAgent;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.sync.FfmpegRecorderLauncher;
import dev.kvsedge.migrations.SchemaRefusedException;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.DataDirectory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;

/**
 * A running edge agent with its segment index and FFmpeg recorders, as {@code kvs-edge agent} and {@code kvs-edge up}
 * start it. For {@code up}, the local hub's key pair is minted once with the admin API and kept in the agent's data
 * dir (readable by its owner only), so restarts reuse it.
 */
final class AgentRunner implements AutoCloseable {
    private final EdgeAgent agent;
    private final JdbcSegmentIndex index;

    private AgentRunner(EdgeAgent agent, JdbcSegmentIndex index) {
        this.agent = agent;
        this.index = index;
    }

    /** The agent of {@code kvs-edge up}'s local hub device, with a key pair of its own. */
    static AgentRunner startLocal(AdminClient admin, URI server, String hubDeviceArn, Path dataDir) throws Exception {
        DataDirectory.prepare(dataDir, "--data-dir");
        String[] keys = keys(admin, hubDeviceArn, dataDir.resolve("credentials"));
        return start(AgentConfig.of(server, hubDeviceArn, dataDir.toAbsolutePath(), AgentConfig.DEFAULT_REGION, keys[0],
                keys[1]));
    }

    static AgentRunner start(AgentConfig config) throws IOException {
        DataDirectory.prepare(config.dataDir(), "--data-dir");
        JdbcSegmentIndex index = openIndex(config.dataDir());
        try {
            EdgeAgent agent = EdgeAgent.builder(config).segmentIndex(index)
                    .recorders(new FfmpegRecorderLauncher(index, Clock.systemUTC())).start();
            return new AgentRunner(agent, index);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    private static JdbcSegmentIndex openIndex(Path dataDir) {
        try {
            return JdbcSegmentIndex.open(dataDir);
        } catch (SchemaRefusedException e) {
            // Made by a newer agent, or not by the agent at all: starting would risk the segments it holds.
            throw new StartupException(StartupException.Kind.CONFIGURATION, "--data-dir", dataDir.toString(),
                    JdbcSegmentIndex.FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** Where {@code /health} and {@code /metrics} are served, if asked for. */
    java.util.Optional<java.net.InetSocketAddress> statusAddress() {
        return agent.statusAddress();
    }

    private static String[] keys(AdminClient admin, String hubDeviceArn, Path file) throws Exception {
        if (Files.isRegularFile(file)) {
            String[] saved = Files.readString(file).strip().split("\\s+");
            if (saved.length == 2) {
                return saved;
            }
        }
        var created = admin.call("/admin/createAgentCredentials", Map.of("HubDeviceArn", hubDeviceArn));
        String[] keys = {created.path("AccessKeyId").asText(), created.path("SecretAccessKey").asText()};
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(part);
        Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(part, keys[0] + " " + keys[1] + "\n");
        Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return keys;
    }

    String describe() {
        return "kvs-edge agent ready for " + agent.config().hubDeviceArn() + " (data in " + agent.config().dataDir()
                + ")";
    }

    @Override
    public void close() {
        agent.close(); // recorders complete their segment; uploads resume on the next start
        index.close();
    }
}
