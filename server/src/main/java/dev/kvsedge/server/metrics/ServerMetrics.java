package dev.kvsedge.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's meters. Every part of the server records through Micrometer's {@link MeterRegistry}; only here is
 * it a Prometheus registry, read in Prometheus's text format by {@link MetricsEndpoint}. With metrics off the
 * registry records nothing, at no cost. Gauges that are counted in the database are refreshed once per scrape
 * ({@link #beforeScrape}), not kept up to date on every change.
 */
public final class ServerMetrics implements AutoCloseable {
    /** Prometheus's text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final List<Runnable> refreshes = new CopyOnWriteArrayList<>();
    private final JvmGcMetrics gc;

    private ServerMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gc) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.gc = gc;
    }

    /** Meters that are exposed, with the JVM's own (memory, garbage collection, threads, CPU, uptime). */
    public static ServerMetrics prometheus(String version) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // Two of the processor meters have names promtool's lint refuses (a "_count" gauge, an "ns" unit); the CPU
        // usage gauges say the same.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("system.cpu.count")
                || id.getName().equals("process.cpu.time")));
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        Gauge.builder("kvs.edge.build.info", () -> 1)
                .description("Always 1; the version label says which kvs-edge runs.")
                .tag("version", version).register(registry);
        return new ServerMetrics(registry, registry, gc);
    }

    /** Meters that record nothing: metrics are off. */
    public static ServerMetrics none() {
        return new ServerMetrics(new CompositeMeterRegistry(), null, null);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public boolean exposed() {
        return prometheus != null;
    }

    /** Runs {@code refresh} before each scrape: for gauges read from the database in one query. */
    public void beforeScrape(Runnable refresh) {
        refreshes.add(refresh);
    }

    /** The metrics page, in Prometheus's text format. */
    public String scrape() {
        if (prometheus == null) {
            throw new IllegalStateException("metrics are off");
        }
        refreshes.forEach(Runnable::run);
        return prometheus.scrape();
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
