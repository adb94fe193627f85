package dev.kvsedge.server.cluster;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background work that runs on one node of the cluster at a time: sweeps, deadlines, purges. Each job has a name;
 * the node that {@link Leadership leads} that name runs it every period, the others skip it. When the leading node
 * dies another takes the name over within seconds and runs the job at once. Alone (SQLite) this node leads every job.
 *
 * <p>To add a job: {@code jobs.every("my-job", Duration.ofMinutes(1), () -> service.sweep())}. A job must still be
 * safe if two nodes ran it at once for a moment (a node that lost its database link learns it only at its next try):
 * do its writes in transactions that re-check what they change, as the sweeps do.
 */
public final class ClusterJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);
    /** How often each job asks whether it is due and led here: a new leader starts within this of taking over. */
    private static final long TICK_MILLIS = 1000;

    /** A job's work; what it throws is logged and the job runs again at its next period. */
    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }

    private final Leadership leadership;
    private final Executor workers;
    private final ScheduledExecutorService ticker;

    public ClusterJobs(Leadership leadership, Executor workers) {
        this.leadership = leadership;
        this.workers = workers;
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().name("kvs-edge-jobs").daemon().factory());
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.ticker = scheduler;
    }

    /**
     * Runs {@code job} on a worker every {@code period} on the node that leads {@code name}, first as soon as this
     * node leads it; a run still going is never started again beside itself.
     */
    public void every(String name, Duration period, Job job) {
        schedule(new Scheduled(name, period.toNanos(), job, false), period);
    }

    /**
     * Runs {@code job} on a worker every {@code period} on this node, whichever node leads: work about this node alone
     * (its own disk), or a nudge that any node may give (a sweep asked for now rather than at its period).
     */
    public void everyOnThisNode(String name, Duration period, Job job) {
        schedule(new Scheduled(name, period.toNanos(), job, true), period);
    }

    @SuppressWarnings("FutureReturnValueIgnored") // tick throws nothing (run logs what a job throws); close() ends it
    private void schedule(Scheduled scheduled, Duration period) {
        ticker.scheduleWithFixedDelay(scheduled::tick, 0, Math.min(TICK_MILLIS, Math.max(1, period.toMillis())),
                TimeUnit.MILLISECONDS);
    }

    private final class Scheduled {
        private final String name;
        private final long periodNanos;
        private final Job job;
        private final boolean onThisNode;
        private final AtomicBoolean running = new AtomicBoolean();
        /** When the last run started here; reset when this node stops leading, so a new lead runs at once. */
        private volatile long lastStart;
        private volatile boolean ranSinceLead;

        Scheduled(String name, long periodNanos, Job job, boolean onThisNode) {
            this.name = name;
            this.periodNanos = periodNanos;
            this.job = job;
            this.onThisNode = onThisNode;
        }

        void tick() {
            if (!onThisNode && !leadership.leads(name)) {
                ranSinceLead = false;
                return;
            }
            long now = System.nanoTime();
            if (ranSinceLead && now - lastStart < periodNanos || !running.compareAndSet(false, true)) {
                return;
            }
            lastStart = now;
            ranSinceLead = true;
            try {
                workers.execute(this::run);
            } catch (RejectedExecutionException closing) {
                running.set(false); // the server is closing: nothing left to run
            }
        }

        private void run() {
            try {
                job.run();
            } catch (Exception e) {
                LOG.warn("background job {} failed; it runs again in {} s", name, periodNanos / 1_000_000_000L, e);
            } finally {
                running.set(false);
            }
        }
    }

    /** Stops ticking; runs already started end on their workers. */
    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
