package dev.kvsedge.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code kvs-edge agent} as a separate operating-system process, with a hub's key pair in its environment. */
final class AgentProcess implements AutoCloseable {
    final Process process;
    final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts an agent for the hub against the server; its output goes to a log file beside the data dir. */
    static AgentProcess start(URI server, String hubArn, String accessKeyId, String secret, Path dataDir)
            throws IOException {
        return start(server, hubArn, accessKeyId, secret, dataDir, List.of());
    }

    /** The same, with options for its JVM (a debugger's agent, for instance). */
    static AgentProcess start(URI server, String hubArn, String accessKeyId, String secret, Path dataDir,
            List<String> jvmOptions)
            throws IOException {
        Path log = dataDir.resolveSibling("agent-" + System.nanoTime() + ".log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(jvmOptions);
        command.addAll(
                List.of("-cp", System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "agent", "--server",
                        server.toString(), "--hub-device-arn", hubArn, "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", accessKeyId);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", secret);
        return new AgentProcess(builder.start(), log);
    }

    /** SIGKILL: no shutdown hook runs, whatever was being written stays as it was. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
