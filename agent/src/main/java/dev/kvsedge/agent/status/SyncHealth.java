package dev.kvsedge.agent.status;

import java.time.Instant;

/** How the agent's sync with the server goes, for /health, /metrics and the log. Written by the sync loop only. */
public final class SyncHealth {
    /** How the last sync round went. */
    public enum State {
        /** No round has ended yet. */
        STARTING,
        OK,
        /** The server could not be reached, or did not answer in time. */
        UNREACHABLE,
        /** The server refused the agent's key pair (revoked, unknown, wrong secret, another hub's). */
        CREDENTIALS_REJECTED,
        /** The server answered with another error (a 5xx, throttling), or the agent failed. */
        FAILED
    }

    private volatile State state = State.STARTING;
    private volatile Instant lastSuccess;
    private volatile Instant lastFailure;
    private volatile String lastError;
    private volatile int consecutiveFailures;

    public void succeeded(Instant at) {
        lastSuccess = at;
        consecutiveFailures = 0;
        state = State.OK;
    }

    /** @param reason one sentence for a user: what failed, and where */
    public void failed(State kind, Instant at, String reason) {
        lastFailure = at;
        lastError = reason;
        consecutiveFailures++;
        state = kind;
    }

    public State state() {
        return state;
    }

    /** When a sync round last went through, or null if none has yet. */
    public Instant lastSuccess() {
        return lastSuccess;
    }

    public Instant lastFailure() {
        return lastFailure;
    }

    /** Why the last round failed, as a sentence; null if none has. */
    public String lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** Whether the last round reached the server. */
    public boolean serverReachable() {
        return state == State.OK;
    }
}
