package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.status.JobStatus;
import dev.kvsedge.agent.status.StreamGauges;
import dev.kvsedge.agent.status.StreamStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running jobs of every stream, converged on the plans the reconciler hands in. One lock: the sync loop
 * changes plans while the ticker drives the jobs, and a plan never changes under a tick.
 */
public final class Jobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

    private final JobServices services;
    private final Map<String, StreamJobs> streams = new LinkedHashMap<>();
    private boolean closed;

    public Jobs(JobServices services) {
        this.services = services;
    }

    /** Runs the stream with this plan: nothing changes if it already does, else its jobs restart with it. */
    public synchronized void run(StreamPlan plan) {
        if (closed) {
            return;
        }
        StreamJobs running = streams.get(plan.streamArn());
        if (running != null && running.plan().sameAs(plan)) {
            return;
        }
        if (running != null) {
            LOG.info("{}: configuration changed, restarting its jobs", plan.streamArn());
            running.close();
        }
        StreamJobs jobs = new StreamJobs(plan, services);
        streams.put(plan.streamArn(), jobs);
        LOG.info("{}: running {}", plan.streamArn(), plan);
        jobs.tick(services.clock().instant());
    }

    /** Stops the stream's jobs and waits until they have stopped. */
    public synchronized void stop(String streamArn) {
        StreamJobs jobs = streams.remove(streamArn);
        if (jobs != null) {
            LOG.info("{}: stopping its jobs", streamArn);
            jobs.close();
        }
    }

    public synchronized Set<String> running() {
        return Set.copyOf(streams.keySet());
    }

    /** Starts and stops recorders and uploaders as the schedules say at the clock's time, and runs the janitor. */
    public synchronized void tick() {
        Instant now = services.clock().instant();
        for (StreamJobs jobs : streams.values()) {
            try {
                jobs.tick(now);
            } catch (RuntimeException e) {
                // One stream's failure must not stop the others' jobs.
                LOG.error("{}: tick failed", jobs.plan().streamArn(), e);
            }
        }
    }

    /** The streams whose camera refuses the credentials of its URI (401). */
    public synchronized Set<String> camerasRefusingCredentials() {
        Set<String> refusing = new java.util.HashSet<>();
        streams.forEach((arn, jobs) -> {
            if (jobs.cameraRefusesCredentials()) {
                refusing.add(arn);
            }
        });
        return refusing;
    }

    public synchronized List<StreamStatus> statuses() {
        Instant now = services.clock().instant();
        List<StreamStatus> out = new ArrayList<>();
        streams.forEach((arn, jobs) -> {
            JobStatus recorder = jobs.recorderStatus(now);
            out.add(new StreamStatus(arn, recorder, jobs.uploaderStatus()));
        });
        return out;
    }

    public synchronized List<StreamGauges> gauges() {
        List<StreamGauges> out = new ArrayList<>();
        streams.forEach((arn, jobs) -> out.add(new StreamGauges(arn, jobs.recording(), jobs.uploading(),
                services.index().all(arn).size(), services.index().bytes(arn), jobs.plan().deletion().capBytes(),
                services.index().pending(arn, Integer.MAX_VALUE).size(), jobs.cameraReconnects())));
        return out;
    }

    @Override
    public synchronized void close() {
        closed = true;
        streams.values().forEach(StreamJobs::close);
        streams.clear();
    }
}
