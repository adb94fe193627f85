package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.config.Schedule;
import dev.kvsedge.agent.janitor.StreamRoom;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.status.JobStatus;
import dev.kvsedge.agent.time.Backoff;
import dev.kvsedge.agent.upload.StreamUploader;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream's running jobs: the recorder on its schedule, the uploader on its own, and the janitor. Driven by
 * {@link #tick}: each tick compares what should run at the clock's time with what runs, and starts or stops
 * jobs to match, so a missed tick, a restart or a clock jump simply converges on the next one. Schedules and
 * retention read the wall clock; the janitor's sweeps and the retries wait on the ticker, so a wall clock step
 * neither stalls nor rushes them.
 */
final class StreamJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamJobs.class);
    /** 1 s, 2 s, 4 s ... up to a minute: a server that is down is not hammered, one that is back is soon used. */
    private static final Duration FIRST_UPLOAD_RETRY = Duration.ofSeconds(1);
    private static final Duration MAX_UPLOAD_RETRY = Duration.ofMinutes(1);

    private final StreamPlan plan;
    private final JobServices services;
    private final StreamUploader uploader;

    private final Backoff uploadBackoff = new Backoff(FIRST_UPLOAD_RETRY, MAX_UPLOAD_RETRY);

    /** Ticker times (nanoseconds) before which the recorder is not started again, and the janitor not run again. */
    private long recorderRetryAt;
    private long nextSweepAt;
    private RunningRecorder recording;
    private JobStatus recorderFailure;
    private long pastReconnects;

    private Thread uploadRun;
    private volatile long uploadRetryAt;

    StreamJobs(StreamPlan plan, JobServices services) {
        this.plan = plan;
        this.services = services;
        this.uploader = new StreamUploader(plan.streamArn(), services.index(), services.claims(), services.progress(),
                services.endpoint(), services.clock(), services.metrics());
        long now = services.ticker().nanos();
        this.recorderRetryAt = now;
        this.nextSweepAt = now;
        this.uploadRetryAt = now;
    }

    /** Whether the ticker has reached {@code due}. */
    private boolean due(long due) {
        return services.ticker().nanos() - due >= 0;
    }

    private long inTicks(Duration d) {
        return services.ticker().nanos() + d.toNanos();
    }

    StreamPlan plan() {
        return plan;
    }

    void tick(Instant now) {
        if (due(nextSweepAt)) {
            nextSweepAt = inTicks(services.janitorEvery());
            try {
                services.janitor().sweep(plan.streamArn(), plan.deletion(), now);
            } catch (RuntimeException e) {
                // The index may be briefly unreadable; recording and uploading go on, the next sweep tries again.
                LOG.error("{}: the janitor failed", plan.streamArn(), e);
            }
        }
        tickRecorder(now);
        tickUploader(now);
    }

    private void tickRecorder(Instant now) {
        if (recording != null && !recording.alive()) {
            recorderFailure = recording.status();
            LOG.warn("{}: the recorder stopped ({}); starting a new one in {}", plan.streamArn(),
                    recorderFailure.details(),
                    services.recorderRetry());
            stopRecording();
            recorderRetryAt = inTicks(services.recorderRetry());
        }
        boolean wanted = plan.recorder().activeAt(now);
        if (wanted && recording == null && due(recorderRetryAt)) {
            startRecording(now);
        } else if (!wanted && recording != null) {
            stopRecording();
        }
    }

    private void startRecording(Instant now) {
        try {
            recording = services.recorders()
                    .start(new RecordingPlan(plan.streamArn(), plan.mediaUri(), plan.mediaUriType(),
                            plan.directory(),
                            new StreamRoom(plan.streamArn(), plan.deletion(), services.index(), services.janitor())));
            services.metrics().increment(AgentMetrics.RECORDER_STARTS, plan.streamArn());
            recorderFailure = null;
        } catch (IllegalArgumentException e) {
            // The camera URI does not fit its type: the user's configuration or secret must change.
            recorderFailure = JobStatus.userError("The recorder could not start: " + e.getMessage(), now);
            recorderRetryAt = inTicks(services.recorderRetry());
        } catch (RuntimeException e) {
            LOG.error("{}: could not start the recorder", plan.streamArn(), e);
            recorderFailure = JobStatus.systemError("The recorder could not start: " + e.getMessage(), now);
            recorderRetryAt = inTicks(services.recorderRetry());
        }
    }

    private void stopRecording() {
        RunningRecorder r = recording;
        recording = null;
        pastReconnects += r.reconnects();
        try {
            r.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: the recorder failed to stop cleanly: {}", plan.streamArn(), e.toString());
        }
    }

    private void tickUploader(Instant now) {
        if (uploadRun != null && uploadRun.isAlive()) {
            return;
        }
        uploadRun = null;
        Optional<Schedule.Window> window = plan.uploader().windowAt(now);
        if (window.isEmpty() || !due(uploadRetryAt) || services.index().pending(plan.streamArn(), 1).isEmpty()) {
            return;
        }
        Instant deadline = window.get().end();
        uploadRun = Thread.ofVirtual().name("upload-" + plan.streamArn()).start(() -> upload(deadline));
    }

    private void upload(Instant deadline) {
        try {
            StreamUploader.RunEnd end = uploader.runUntil(deadline);
            if (end == StreamUploader.RunEnd.FAILED) {
                uploadRetryAt = inTicks(uploadBackoff.next());
            } else {
                uploadBackoff.reset();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: the uploader failed", plan.streamArn(), e);
            uploadRetryAt = inTicks(MAX_UPLOAD_RETRY);
        }
    }

    JobStatus recorderStatus(Instant now) {
        if (recording != null) {
            return recording.status();
        }
        if (recorderFailure != null) {
            return recorderFailure;
        }
        Optional<Instant> next = plan.recorder().nextStartAfter(now);
        return JobStatus.success(next.map(t -> "Waiting for the next scheduled recording at " + t + ".")
                .orElse("The recorder schedule fires no more."), now);
    }

    JobStatus uploaderStatus() {
        return uploader.status();
    }

    boolean recording() {
        return recording != null;
    }

    boolean uploading() {
        return uploadRun != null && uploadRun.isAlive();
    }

    boolean cameraRefusesCredentials() {
        RunningRecorder r = recording;
        return r != null && r.credentialsRefused();
    }

    long cameraReconnects() {
        return pastReconnects + (recording == null ? 0 : recording.reconnects());
    }

    /** Stops the recorder (completing its segment) and the uploader (its segment resumes later). */
    @Override
    public void close() {
        if (recording != null) {
            stopRecording();
        }
        uploader.stop();
        Thread run = uploadRun;
        if (run != null) {
            try {
                run.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
