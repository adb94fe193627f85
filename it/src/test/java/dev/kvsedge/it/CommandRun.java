package dev.kvsedge.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One {@code kvs-edge ARGS} run as an operating-system process, to its end: its exit code, stdout and stderr. */
record CommandRun(int exit, String out, String err) {

    /** Runs the command with the test's class path and the given environment added to this one (null removes). */
    static CommandRun of(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        // Native access as the application jar's manifest grants it (SQLite's and FFmpeg's libraries), without its warning.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "dev.kvsedge.app.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        for (String name : List.of("KVS_EDGE_ACCESS_KEY_ID", "KVS_EDGE_SECRET_ACCESS_KEY", "KVS_EDGE_DEBUG",
                "AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY")) {
            builder.environment().remove(name);
        }
        environment.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "kvs-edge " + String.join(" ", args) + " did not end within 120 s; stderr so far:\n"
                            + err.getNow(""));
        }
        return new CommandRun(process.exitValue(), out.join(), err.join());
    }

    static CommandRun of(String... args) throws IOException, InterruptedException {
        return of(Map.of(), args);
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Standard error without the log lines (timestamped) that came before the failure. */
    List<String> errorLines() {
        return err.lines().filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList();
    }
}
