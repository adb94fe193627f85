package dev.kvsedge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Measures server start-up: the time from launching a command (process start) to the line
 * {@code kvs-edge ready at ...} on its output, over several runs, each with a fresh data folder. Each
 * server is then stopped with SIGTERM and waited for before the next run starts.
 *
 * <pre>StartupTimer [--label NAME] [--runs N] [--archive FILE] [--watch PATH]... -- COMMAND... </pre>
 *
 * <p>In COMMAND, {@code {DATA}} stands for the run's fresh data folder. {@code --archive} names the
 * class-data archive the command uses: it is deleted before the first run, so that run is a first start
 * after a build, the one that records the archive. A run in which the launcher rebuilt the application,
 * or in which a {@code --watch}ed file (the application jar) changed because something else rebuilt it,
 * is discarded and the series starts over.
 *
 * <p>Prints one line per run and a machine-readable {@code STARTUP label=... first_ms=... median_ms=...
 * median_all_ms=...} line, where {@code median_ms} is over the runs after the first and
 * {@code median_all_ms} over all runs; {@code jvm_uptime_median_ms} is the median, over the runs after the
 * first, of the JVM uptime that the ready line itself reports (start-up inside the JVM, without what
 * runs before the JVM, such as the launcher script).
 */
public final class StartupTimer {
    private static final String READY = "kvs-edge ready at ";
    private static final String BUILDING = "kvs-edge: building";
    private static final long READY_TIMEOUT_SECONDS = 120;
    /** The server's own figure in the ready line: JVM uptime when it was ready ("... in 812 ms ..."). */
    private static final Pattern JVM_UPTIME = Pattern.compile(" in (\\d+) ms");

    /** One start: wall time from process start to the ready line, and the JVM uptime the line reports (-1 if none). */
    private record Start(double wallMillis, long jvmUptimeMillis) {}

    private StartupTimer() {}

    public static void main(String[] args) throws Exception {
        String label = "kvs-edge";
        int runs = 6;
        Path archive = null;
        List<Path> watched = new ArrayList<>();
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            switch (args[i]) {
                case "--label" -> label = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--archive" -> archive = Path.of(args[++i]);
                case "--watch" -> watched.add(Path.of(args[++i]));
                default ->
                    throw new IllegalArgumentException("usage: StartupTimer [--label NAME] [--runs N] -- COMMAND...");
            }
        }
        List<String> command = Arrays.asList(args).subList(Math.min(i + 1, args.length), args.length);
        if (command.isEmpty() || runs < 2) {
            throw new IllegalArgumentException("usage: StartupTimer [--label NAME] [--runs N>=2] -- COMMAND...");
        }
        List<Double> millis = new ArrayList<>();
        List<Double> uptimes = new ArrayList<>();
        int rebuilds = 0;
        for (int run = 1; run <= runs; run++) {
            if (run == 1 && archive != null) {
                Files.deleteIfExists(archive);
            }
            List<Long> before = modificationTimes(watched);
            Start start = timeOnce(command);
            if (start == null || !before.equals(modificationTimes(watched))) {
                System.out.printf(Locale.ROOT, "%s run %d: the application was rebuilt (sources changed);"
                        + " starting the series over%n", label, run);
                if (++rebuilds > 3) {
                    throw new IllegalStateException("the sources keep changing: the launcher rebuilds at every start");
                }
                millis.clear();
                uptimes.clear();
                run = 0;
                continue;
            }
            millis.add(start.wallMillis());
            if (start.jvmUptimeMillis() >= 0) {
                uptimes.add((double) start.jvmUptimeMillis());
            }
            System.out.printf(Locale.ROOT, "%s run %d: ready after %.0f ms%s%s%n", label, run, start.wallMillis(),
                    start.jvmUptimeMillis() < 0 ? "" : " (JVM uptime " + start.jvmUptimeMillis() + " ms)",
                    run == 1 ? ", first run" : "");
        }
        List<Double> later = new ArrayList<>(millis.subList(1, millis.size()));
        later.sort(Comparator.naturalOrder());
        List<Double> all = new ArrayList<>(millis);
        all.sort(Comparator.naturalOrder());
        System.out.printf(Locale.ROOT,
                "STARTUP label=%s first_ms=%.0f median_ms=%.0f min_ms=%.0f max_ms=%.0f later_runs=%d"
                        + " median_all_ms=%.0f runs=%d jvm_uptime_median_ms=%.0f%n",
                label, millis.getFirst(), median(later), later.getFirst(), later.getLast(), later.size(), median(all),
                all.size(),
                uptimes.size() > 1 ? median(uptimes.subList(1, uptimes.size()).stream().sorted().toList()) : -1.0);
    }

    /** The start, or null when the launcher had to build first. */
    private static Start timeOnce(List<String> template) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("kvs-edge-startup-");
        List<String> command = template.stream().map(a -> a.replace("{DATA}", data.toString())).toList();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!process.waitFor(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                // Ready in time.
            }
        });
        try {
            boolean built = false;
            BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains(READY)) {
                    long ready = System.nanoTime();
                    drain(out);
                    Matcher uptime = JVM_UPTIME.matcher(line);
                    return built
                            ? null
                            : new Start((ready - start) / 1e6, uptime.find() ? Long.parseLong(uptime.group(1)) : -1);
                }
                built |= line.contains(BUILDING);
                if (seen.size() < 40) {
                    seen.add(line);
                }
            }
            throw new IOException("no ready line within " + READY_TIMEOUT_SECONDS + " s from " + command
                    + "; it printed:\n" + String.join("\n", seen));
        } finally {
            watchdog.interrupt();
            stop(process);
            deleteTree(data);
        }
    }

    /** Keeps reading the server's output so it never blocks on a full pipe; ends when the process does. */
    private static void drain(BufferedReader out) {
        Thread.ofPlatform().daemon().name("drain-output").start(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                // The process ended.
            }
        });
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: an orderly exit
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static List<Long> modificationTimes(List<Path> paths) throws IOException {
        List<Long> times = new ArrayList<>();
        for (Path p : paths) {
            times.add(Files.exists(p) ? Files.getLastModifiedTime(p).toMillis() : -1);
        }
        return times;
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
