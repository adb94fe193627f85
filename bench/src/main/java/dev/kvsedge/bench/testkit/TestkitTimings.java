package dev.kvsedge.bench.testkit;

import dev.kvsedge.testkit.KvsEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * What the testkit costs a test suite, in one JVM as a test run has it (bench/run-testkit.sh):
 * <ul>
 *   <li>first use: the first {@code KvsEdge.start()} of the JVM (unpacking the runtime unless cached, class loading,
 *       the native SQLite library, the schema template) until the server answers;</li>
 *   <li>warm start: later {@code KvsEdge.start()}s, each a fresh server with a fresh data folder;</li>
 *   <li>a whole test class: start, create a stream, list streams, close (what a class with a server per class pays);</li>
 *   <li>reset: {@code reset()} after a stream, a secret and a tag were created;</li>
 *   <li>close: {@code close()} of a server, its data folder deleted.</li>
 * </ul>
 * Usage: {@code TestkitTimings [ROUNDS]} (default 40); prints one RESULT line per figure: min, median, p90, max in ms.
 */
public final class TestkitTimings {
    private TestkitTimings() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long t0 = System.nanoTime();
        KvsEdge first = KvsEdge.start();
        long t1 = System.nanoTime();
        first.kinesisVideo().listStreams(r -> {}); // the SDK's own first use: its classes, its HTTP client
        report("first use (start, until ready)", List.of(millis(t0, t1)));
        report("first SDK call (the SDK's warm-up)", List.of(millis(t1, System.nanoTime())));
        first.close();

        List<Double> starts = new ArrayList<>();
        List<Double> classes = new ArrayList<>();
        List<Double> resets = new ArrayList<>();
        List<Double> closes = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            long a = System.nanoTime();
            KvsEdge kvsEdge = KvsEdge.start();
            long b = System.nanoTime();
            kvsEdge.kinesisVideo().createStream(r -> r.streamName("bench").dataRetentionInHours(1));
            kvsEdge.secretsManager().createSecret(r -> r.name("bench").secretString("{}"));
            kvsEdge.kinesisVideo().tagStream(r -> r.streamName("bench").tags(java.util.Map.of("k", "v")));
            long c = System.nanoTime();
            kvsEdge.reset();
            long d = System.nanoTime();
            kvsEdge.kinesisVideo().listStreams(r -> {});
            long e = System.nanoTime();
            kvsEdge.close();
            long f = System.nanoTime();
            starts.add(millis(a, b));
            resets.add(millis(c, d));
            closes.add(millis(e, f));
            classes.add(millis(a, b) + millis(b, c) + millis(d, f)); // start, calls, a listing, close: no reset
        }
        report("warm start (until ready)", starts);
        report("reset", resets);
        report("close", closes);
        report("a test class (start, 4 calls, close)", classes);
    }

    private static double millis(long from, long to) {
        return (to - from) / 1e6;
    }

    private static void report(String what, List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        Supplier<String> line = () -> String.format(Locale.ROOT,
                "RESULT %-40s n=%d min %.1f median %.1f p90 %.1f max %.1f ms", what,
                sorted.size(), sorted.getFirst(), sorted.get(sorted.size() / 2),
                sorted.get((int) Math.ceil(sorted.size() * 0.9) - 1),
                sorted.getLast());
        System.out.println(line.get());
    }
}
