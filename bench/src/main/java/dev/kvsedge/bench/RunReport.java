package dev.kvsedge.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints a run's results, for people and (the RESULT line) for scripts. */
final class RunReport {
    private final BenchOptions options;
    private final RunPhases phases;
    private final WorkerStats stats;
    private final CpuSnapshot cpuStart;
    private final CpuSnapshot cpuEnd;

    RunReport(BenchOptions options, RunPhases phases, WorkerStats stats, CpuSnapshot cpuStart, CpuSnapshot cpuEnd) {
        this.options = options;
        this.phases = phases;
        this.stats = stats;
        this.cpuStart = cpuStart;
        this.cpuEnd = cpuEnd;
    }

    /** Cores used on average during the measured window, or NaN when unknown. */
    private double cores(long startTicks, long endTicks) {
        if (startTicks < 0 || endTicks < 0) {
            return Double.NaN;
        }
        return (endTicks - startTicks) / CpuSnapshot.TICKS_PER_SECOND / phases.measuredSeconds();
    }

    double requestsPerSecond() {
        return stats.measuredResponses / phases.measuredSeconds();
    }

    boolean valid() {
        return stats.totalErrors() == 0 && stats.measuredResponses > 0;
    }

    void print(PrintStream out) {
        LatencyHistogram h = stats.latency;
        out.printf(Locale.ROOT, "  throughput  %,.0f req/s (%,d responses in %.1f s)%n", requestsPerSecond(),
                stats.measuredResponses, phases.measuredSeconds());
        out.printf(Locale.ROOT, "  latency ms  p50 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  mean %.3f%n",
                ms(h.valueAt(0.50)), ms(h.valueAt(0.99)), ms(h.valueAt(0.999)), ms(h.maxNanos()), h.meanNanos() / 1e6);
        out.printf(Locale.ROOT, "  errors      %d (measured non-200 %d, warm-up non-200 %d, drain non-200 %d, "
                + "lost requests %d; reconnects %d)%s%n",
                stats.totalErrors(), stats.measuredErrors, stats.warmupErrors, stats.drainErrors,
                stats.connectionErrors,
                stats.reconnects, valid() ? "" : "  INVALID RUN");
        for (String sample : stats.errorSamples) {
            out.println("    e.g. " + sample);
        }
        double server = cores(cpuStart.serverTicks(), cpuEnd.serverTicks());
        double client = cores(cpuStart.selfTicks(), cpuEnd.selfTicks());
        double machine = cores(cpuStart.machineBusyTicks(), cpuEnd.machineBusyTicks());
        double others = machine - client - (Double.isNaN(server) ? 0 : server);
        double serverMicrosPerRequest = server * phases.measuredSeconds() * 1e6 / Math.max(1, stats.measuredResponses);
        out.printf(Locale.ROOT,
                "  cpu (cores, measured window of %d available)  server %.2f  load generator %.2f  everything else %.2f"
                        + "  -> server CPU per request %.0f us%n",
                Runtime.getRuntime().availableProcessors(), server, client, others, serverMicrosPerRequest);
        out.printf(Locale.ROOT,
                "RESULT label=%s connections=%d pipeline=%d threads=%d seconds=%.1f responses=%d rps=%.0f "
                        + "p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f max_ms=%.3f errors=%d valid=%s server_cores=%.2f client_cores=%.2f "
                        + "other_cores=%.2f server_cpu_us_per_req=%.0f%n",
                options.label(), options.connections(), options.pipelineDepth(), options.threads(),
                phases.measuredSeconds(),
                stats.measuredResponses, requestsPerSecond(), ms(h.valueAt(0.50)), ms(h.valueAt(0.99)),
                ms(h.valueAt(0.999)),
                ms(h.maxNanos()), stats.totalErrors(), valid(), server, client, others, serverMicrosPerRequest);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
