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
 * at once. Any failure (server down, network, a bug) is logged, counted and retried with backoff; the jobs keep
 * running from the held configurations meanwhile, and the first round after a failure lists without waiting.
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
    private volatile boolean stopped;

    public SyncLoop(AgentClient api, Reconciler reconciler, SyncHealth health, AgentMetrics metrics, Clock clock,
                    Duration pollWait, Backoff backoff) {
        this.api = api;
        this.reconciler = reconciler;
        this.health = health;
        this.metrics = metrics;
        this.clock = clock;
        this.waitSeconds = (int) Math.min(60, Math.max(0, pollWait.toSeconds()));
        this.backoff = backoff;
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
                    LOG.info("sync with the server works again");
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
                metrics.increment(AgentMetrics.SYNC_FAILURES, null);
                if (health.consecutiveFailures() == 0) {
                    LOG.warn("sync with the server failed, going on with the held configurations: {}", e.toString());
                } else {
                    LOG.debug("sync failed again: {}", e.toString());
                }
                if (e instanceof RuntimeException) {
                    LOG.error("unexpected sync failure", e);
                }
                health.failed(clock.instant(), e.getMessage());
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /** Ends the loop; interrupt its thread to end a long-poll in progress. */
    public void stop() {
        stopped = true;
    }
}
