package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.status.JobStatus;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records which recordings the reconciler starts and stops, without a camera. */
public final class FakeRecorders implements RecorderLauncher {
    private final Clock clock;
    public final List<RecordingPlan> started = new CopyOnWriteArrayList<>();
    public final List<Fake> recordings = new CopyOnWriteArrayList<>();

    public FakeRecorders(Clock clock) {
        this.clock = clock;
    }

    @Override
    public RunningRecorder start(RecordingPlan plan) {
        started.add(plan);
        Fake fake = new Fake(plan, clock);
        recordings.add(fake);
        return fake;
    }

    /** How many recordings run now. */
    public long running() {
        return recordings.stream().filter(Fake::alive).count();
    }

    public static final class Fake implements RunningRecorder {
        public final RecordingPlan plan;
        private final Clock clock;
        private volatile boolean alive = true;
        public volatile long reconnects;

        Fake(RecordingPlan plan, Clock clock) {
            this.plan = plan;
            this.clock = clock;
        }

        /** The camera is lost for good: the reconciler should start a new recording. */
        public void die() {
            alive = false;
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public JobStatus status() {
            return alive
                    ? JobStatus.success("Recording (fake)", clock.instant())
                    : JobStatus.systemError("camera lost (fake)", clock.instant());
        }

        @Override
        public long reconnects() {
            return reconnects;
        }

        @Override
        public void close() {
            alive = false;
        }
    }
}
