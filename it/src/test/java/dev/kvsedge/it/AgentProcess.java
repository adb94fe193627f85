package dev.kvsedge.it;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
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
    static AgentProcess start(URI server, String hubArn, String accessKeyId, String secret, Path dataDir) throws IOException {
        Path log = dataDir.resolveSibling("agent-" + System.nanoTime() + ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "agent", "--server", server.toString(),
                "--hub-device-arn", hubArn, "--data-dir", dataDir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
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
