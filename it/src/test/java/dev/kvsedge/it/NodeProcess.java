package dev.kvsedge.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a cluster: {@code kvs-edge server} as its own process, with the cluster's settings in its arguments and
 * environment, its output kept in a log file, and the node id it logs when it joins.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("kvs-edge ready at (http://\\S+)");
    private static final Pattern JOINED = Pattern.compile("node (\\S+) joined the cluster");

    final Process process;
    final URI url;
    final String node;
    final Path log;

    private NodeProcess(Process process, URI url, String node, Path log) {
        this.process = process;
        this.url = url;
        this.node = node;
        this.log = log;
    }

    /** Starts a node; returns once it printed its ready line (it then serves). */
    static CompletableFuture<NodeProcess> start(Path dataDir, Map<String, String> environment, String... args) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return launch(dataDir, environment, args);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static NodeProcess launch(Path dataDir, Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "server", "--port", "0",
                        "--data-dir", dataDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KVS_EDGE_ACCESS_KEY_ID");
        builder.environment().remove("KVS_EDGE_SECRET_ACCESS_KEY");
        builder.environment().putAll(environment);
        Process process = builder.start();
        Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter file = new PrintWriter(Files.newBufferedWriter(log), true);
        String node = null;
        for (String line; (line = out.readLine()) != null;) {
            file.println(line);
            Matcher joined = JOINED.matcher(line);
            if (joined.find()) {
                node = joined.group(1);
            }
            Matcher ready = READY.matcher(line);
            if (ready.find()) {
                Thread.ofVirtual().start(() -> drain(out, file)); // never let the node block on a full pipe
                return new NodeProcess(process, URI.create(ready.group(1)), node, log);
            }
        }
        process.waitFor(10, TimeUnit.SECONDS);
        throw new IllegalStateException("the node exited before it was ready; see " + log);
    }

    private static void drain(BufferedReader out, PrintWriter file) {
        try {
            for (String line; (line = out.readLine()) != null;) {
                file.println(line);
            }
        } catch (IOException ended) {
            // the process ended
        } finally {
            file.close();
        }
    }

    /** SIGKILL: no shutdown hook, no goodbye to the database or the clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
