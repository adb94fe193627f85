package dev.kvsedge.bench.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kvs-edge command ({@code java -jar kvs-edge.jar COMMAND ...}) as a child process: its standard error goes to a
 * log file, its standard output lines are read so the caller can wait for ready lines.
 */
final class ChildProcess implements AutoCloseable {
    private static final String END = "\u0000end";
    final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.add(END);
        });
    }

    static ChildProcess start(List<String> command, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        return new ChildProcess(builder.start());
    }

    /** The first group of {@code pattern} in each of the next {@code count} output lines that match it. */
    List<String> await(Pattern pattern, int count, Duration timeout) throws IOException, InterruptedException {
        List<String> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < count) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(END)) {
                throw new IOException("`" + String.join(" ", process.info().arguments().map(List::of).orElse(List.of()))
                        + "` printed " + found.size() + " of " + count + " lines matching " + pattern
                        + (line == null ? " within " + timeout : " before it ended"));
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                found.add(m.group(1));
            }
        }
        return found;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
