package dev.kvsedge.server.edge;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge gauges: configurations in each sync state (counted in the store by one query per scrape, so they hold
 * for every server sharing the database) and hub devices whose agent is polling this server now.
 */
public final class EdgeMeters {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeMeters.class);

    private final EdgeService edge;
    /** The last count, or null when the store could not be read: the gauges then read NaN, "unknown". */
    private volatile Map<SyncStatus, Integer> counts = Map.of();

    private EdgeMeters(EdgeService edge) {
        this.edge = edge;
    }

    /** Registers the gauges; returns what must run before each scrape. */
    public static Runnable register(MeterRegistry registry, EdgeService edge) {
        EdgeMeters meters = new EdgeMeters(edge);
        for (SyncStatus status : SyncStatus.values()) {
            Gauge.builder("kvs.edge.edge.configurations", meters, m -> m.count(status))
                    .tag("sync_status", status.name())
                    .description("Edge configurations in each sync state, in the whole database.").register(registry);
        }
        Gauge.builder("kvs.edge.agents.polling", edge, EdgeService::hubsPolling)
                .description("Hub devices whose edge agent has a long-poll waiting on this server now.")
                .register(registry);
        return meters::refresh;
    }

    private double count(SyncStatus status) {
        Map<SyncStatus, Integer> now = counts;
        return now == null ? Double.NaN : now.getOrDefault(status, 0);
    }

    private void refresh() {
        try {
            counts = Map.copyOf(edge.countByStatus());
        } catch (RuntimeException e) {
            counts = null;
            LOG.debug("could not count the edge configurations: {}", e.toString());
        }
    }
}
