package dev.kvsedge.bench;

import java.util.ArrayList;
import java.util.List;

/** What one load worker (or, merged, the whole run) observed. */
final class WorkerStats {
    final LatencyHistogram latency = new LatencyHistogram();
    long measuredResponses;
    long measuredErrors;
    long warmupResponses;
    long warmupErrors;
    long drainResponses;
    long drainErrors;
    /** Requests lost because the connection failed or closed under them (each also counts as an error). */
    long connectionErrors;
    long reconnects;
    final List<String> errorSamples = new ArrayList<>();

    void recordResponse(RunPhases phases, long now, long latencyNanos, int status, String bodySnippet) {
        boolean ok = status == 200;
        if (!ok && errorSamples.size() < 5) {
            errorSamples.add("HTTP " + status + " " + bodySnippet.replaceAll("\\s+", " ").trim());
        }
        if (phases.measuring(now)) {
            measuredResponses++;
            latency.record(latencyNanos);
            if (!ok) {
                measuredErrors++;
            }
        } else if (phases.warmingUp(now)) {
            warmupResponses++;
            if (!ok) {
                warmupErrors++;
            }
        } else {
            drainResponses++;
            if (!ok) {
                drainErrors++;
            }
        }
    }

    void recordLostRequests(int count, String reason) {
        connectionErrors += count;
        if (count > 0 && errorSamples.size() < 5) {
            errorSamples.add(count + " request(s) lost: " + reason);
        }
    }

    long totalErrors() {
        return measuredErrors + warmupErrors + drainErrors + connectionErrors;
    }

    void merge(WorkerStats other) {
        latency.merge(other.latency);
        measuredResponses += other.measuredResponses;
        measuredErrors += other.measuredErrors;
        warmupResponses += other.warmupResponses;
        warmupErrors += other.warmupErrors;
        drainResponses += other.drainResponses;
        drainErrors += other.drainErrors;
        connectionErrors += other.connectionErrors;
        reconnects += other.reconnects;
        for (String sample : other.errorSamples) {
            if (errorSamples.size() < 5) {
                errorSamples.add(sample);
            }
        }
    }
}
