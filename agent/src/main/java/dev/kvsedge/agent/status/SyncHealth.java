package dev.kvsedge.agent.status;

import java.time.Instant;

/** How the agent's sync with the server goes, for /health and /metrics. Written by the sync loop only. */
public final class SyncHealth {
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile String lastError;
    private volatile int consecutiveFailures;

    public void succeeded(Instant at) {
        lastSuccess = at;
        consecutiveFailures = 0;
    }

    public void failed(Instant at, String error) {
        lastFailure = at;
        lastError = error;
        consecutiveFailures++;
    }

    /** When a sync round last went through, or null if none has yet. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    public Instant lastFailure() {
        return lastFailure;
    }

    public String lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Whether the last round reached the server. */
    public boolean serverReachable() {
        return lastSuccess != null && consecutiveFailures == 0;
    }
}
