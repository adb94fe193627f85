package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.status.SyncHealth;
import dev.kvsedge.agent.time.Backoff;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's conversation with the server, forever: long-poll for a change of the hub's configurations, list
 * them, reconcile. The sequence is read before listing, so a change made during a round wakes the next long-poll
 * at once. Any failure (server down or stalled, credentials refused, a bug) is counted, goes to {@link SyncHealth}
 * and is retried with backoff; the jobs keep running from the held configurations meanwhile, and the first round
 * after a failure lists without waiting. The log says so in one line when a failure starts or changes (naming the
 * server and the cause) and one when sync works again, not at every retry.
 */
public final class SyncLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncLoop.class);

    private final AgentClient api;
    private final Reconciler reconciler;
    private final SyncHealth health;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final int waitSeconds;
    private final Backoff backoff;
    private final String keyId;
    private volatile boolean stopped;

    /** @param keyId the agent's access key id, which a refusal of its credentials names */
    public SyncLoop(AgentClient api, Reconciler reconciler, SyncHealth health, AgentMetrics metrics, Clock clock,
            Duration pollWait, Backoff backoff, String keyId) {
        this.api = api;
        this.reconciler = reconciler;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        this.waitSeconds = (int) Math.min(60, Math.max(0, pollWait.toSeconds()));
        this.backoff = backoff;
        this.keyId = keyId;
    }

    @Override
    public void run() {
        long since = 0;
        boolean listNow = true;
        while (!stopped) {
            try {
                long sequence = api.waitForChanges(since, listNow ? 0 : waitSeconds);
                reconciler.round(api.listConfigurations());
                since = sequence;
                listNow = false;
                if (health.consecutiveFailures() > 0) {
                    LOG.info("sync with the server at {} works again", api.endpoint());
                }
                health.succeeded(clock.instant());
                backoff.reset();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | ApiCallException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                listNow = true;
                failed(e);
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void failed(Exception e) {
        metrics.increment(AgentMetrics.SYNC_FAILURES, null);
        SyncHealth.State kind;
        String reason;
        if (e instanceof ApiCallException refused && ServerFailures.credentialsRejected(refused)) {
            kind = SyncHealth.State.CREDENTIALS_REJECTED;
            reason = "The server at " + api.endpoint() + " refused the agent's credentials (key " + keyId + "): "
                    + refused.code() + ": " + refused.getMessage().substring(refused.getMessage().indexOf(": ") + 2)
                    + " The key is revoked, unknown to this server, or not this hub's, or its secret key is wrong:"
                    + " mint a new pair with `kvs-edge agent-credentials create --hub-device-arn " + api.hubDeviceArn()
                    + "`.";
        } else if (e instanceof ApiCallException refused) {
            kind = SyncHealth.State.FAILED;
            reason = "The server at " + api.endpoint() + " answered " + refused.getMessage();
        } else if (e instanceof IOException) {
            kind = SyncHealth.State.UNREACHABLE;
            reason = "Cannot reach the server at " + api.endpoint() + ": " + ServerFailures.describe(e);
        } else {
            kind = SyncHealth.State.FAILED;
            reason = "Sync failed unexpectedly: " + e;
        }
        boolean news = health.state() != kind || !reason.equals(health.lastError());
        health.failed(kind, clock.instant(), reason);
        if (e instanceof RuntimeException) {
            LOG.error("{}", reason, e); // a bug
        } else if (!news) {
            LOG.debug("sync failed again: {}", reason);
        } else if (kind == SyncHealth.State.CREDENTIALS_REJECTED) {
            LOG.error("{}", reason);
        } else {
            LOG.warn("{} Going on with the held configurations; retrying with backoff.", reason);
        }
    }

    /** Ends the loop; interrupt its thread to end a long-poll in progress. */
    public void stop() {
        stopped = true;
    }
}
