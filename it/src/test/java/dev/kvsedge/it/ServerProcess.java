package dev.kvsedge.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/** {@code kvs-edge server} as a separate operating-system process, as a user runs it. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("kvs-edge ready at (http://\\S+)");
    final Process process;
    final String readyLine;
    final String url;
    /** What the server printed, so far. */
    final List<String> output;

    private ServerProcess(Process process, String readyLine, String url, List<String> output) {
        this.process = process;
        this.readyLine = readyLine;
        this.url = url;
        this.output = output;
    }

    static Process launch(Path dataDir, String... extraArgs) throws IOException {
        return launch(dataDir, 0, extraArgs);
    }

    static Process launch(Path dataDir, int port, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "server",
                "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KVS_EDGE_ACCESS_KEY_ID");
        builder.environment().remove("KVS_EDGE_SECRET_ACCESS_KEY");
        return builder.start();
    }

    /**
     * {@code kvs-edge server} started by bash with at most {@code openFiles} file descriptors ({@code ulimit -n}), run
     * as a user runs it ({@code java -jar kvs-edge.jar}, which opens only the application's own jars) when the build
     * has packaged it, else from this JVM's class path.
     */
    static Process launchWithOpenFileLimit(Path dataDir, int openFiles) throws IOException {
        String javaCommand = ProcessHandle.current().info().command().orElseThrow();
        List<String> classPath = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        List<String> program = classPath.stream().filter(entry -> entry.endsWith("kvs-edge.jar")).findFirst()
                .map(jar -> List.of(javaCommand, "-jar", jar))
                .orElse(List.of(javaCommand, "-cp", System.getProperty("java.class.path"), "dev.kvsedge.app.Main"));
        List<String> command = new ArrayList<>(
                List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$@\"", "bash"));
        command.addAll(program);
        command.addAll(List.of("server", "--port", "0", "--data-dir", dataDir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("KVS_EDGE_ACCESS_KEY_ID");
        builder.environment().remove("KVS_EDGE_SECRET_ACCESS_KEY");
        return builder.start();
    }

    static ServerProcess start(Path dataDir) throws Exception {
        return start(dataDir, 0);
    }

    /** A server on the given port (0: a free one); a second start on the same dir and port is the same server back. */
    static ServerProcess start(Path dataDir, int port) throws Exception {
        return started(launch(dataDir, port));
    }

    /** Waits for the launched server's ready line; its output is kept from the start (and drained, so it never blocks). */
    static ServerProcess started(Process process) throws Exception {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = out.readLine()) != null;) {
                    output.add(line);
                    if (READY.matcher(line).find()) {
                        ready.complete(line);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ready.complete(null);
        });
        String line = ready.get(60, TimeUnit.SECONDS);
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("server exited before it was ready: " + String.join("\n", output));
        }
        Matcher m = READY.matcher(line);
        m.find();
        return new ServerProcess(process, line, m.group(1), output);
    }

    /** Any SDK client builder aimed at this server with the admin key pair test/test. */
    <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B client(B builder) {
        return builder.endpointOverride(URI.create(url)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create());
    }

    /** Stops the server as an operator does (SIGTERM: it closes cleanly), and waits until it has. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
