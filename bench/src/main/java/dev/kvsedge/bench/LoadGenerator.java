package dev.kvsedge.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Drives {@code POST /describeStream} (SigV4-signed, rest-json) at a kinesisvideo endpoint over keep-alive
 * connections for a warm-up and then a measured window, and prints throughput, latency percentiles and
 * errors. Closed loop by default: each connection has one request in flight and sends the next as soon
 * as the previous response is read ({@code --pipeline N} keeps N in flight instead).
 *
 * <p>The last line is machine-readable: {@code RESULT label=... rps=... p50_ms=... errors=...}. The exit
 * status is 0 only for a valid run (no non-200 response and no lost request).
 */
public final class LoadGenerator {
    private LoadGenerator() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(
                    e.getMessage().isEmpty() ? BenchOptions.USAGE : e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    static boolean run(BenchOptions options) throws Exception {
        InetSocketAddress address = new InetSocketAddress(options.endpoint().getHost(), options.endpoint().getPort());
        RequestSigner signer = new RequestSigner(options.endpoint(), options.region(), options.accessKeyId(),
                options.secretAccessKey());
        StreamSetup.ensureStream(address, signer, options.streamName(), options.createStream());
        System.out.println(
                options.label() + ": " + StreamSetup.probeSignatureCheck(address, signer, options.streamName()));
        String body = "{\"StreamName\":\"" + options.streamName() + "\"}";

        try (SignedRequestPool pool = new SignedRequestPool(options.signedPoolSize(),
                clock -> signer.signedPost("/describeStream", body, clock))) {
            System.out.printf(Locale.ROOT, "%s: DescribeStream, %d connection(s) x %d in flight, %d thread(s), "
                    + "%.0f s warm-up + %.0f s measured, %d pre-signed requests replayed%n",
                    options.label(), options.connections(), options.pipelineDepth(), options.threads(),
                    options.warmup().toMillis() / 1000.0, options.duration().toMillis() / 1000.0, pool.size());
            RunPhases phases = RunPhases.startingNow(options.warmup(), options.duration());
            List<LoadWorker> workers = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < options.threads(); i++) {
                int share = options.connections() / options.threads()
                        + (i < options.connections() % options.threads() ? 1 : 0);
                LoadWorker worker = new LoadWorker(address, share, options.pipelineDepth(), pool, phases, i);
                workers.add(worker);
                Thread thread = new Thread(worker, "load-" + i);
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            CpuSnapshot[] cpu = sampleCpuAroundWindow(phases, options.serverPid());
            for (Thread thread : threads) {
                thread.join();
            }
            WorkerStats total = new WorkerStats();
            for (LoadWorker worker : workers) {
                if (worker.failure() != null) {
                    throw new IllegalStateException("load worker failed", worker.failure());
                }
                total.merge(worker.stats());
            }
            RunReport report = new RunReport(options, phases, total, cpu[0], cpu[1]);
            report.print(System.out);
            return report.valid();
        }
    }

    /** Snapshots of CPU use at the start and the end of the measured window (this thread is idle otherwise). */
    private static CpuSnapshot[] sampleCpuAroundWindow(RunPhases phases, long serverPid) throws InterruptedException {
        sleepUntil(phases.measureStartNanos());
        CpuSnapshot start = CpuSnapshot.take(serverPid);
        sleepUntil(phases.measureEndNanos());
        return new CpuSnapshot[] {start, CpuSnapshot.take(serverPid)};
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
