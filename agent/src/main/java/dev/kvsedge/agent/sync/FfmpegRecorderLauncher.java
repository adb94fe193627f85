package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.record.MediaSource;
import dev.kvsedge.agent.record.RecorderStatus;
import dev.kvsedge.agent.record.Recording;
import dev.kvsedge.agent.record.RecordingConfig;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.status.JobStatus;
import dev.kvsedge.agent.time.Ticker;
import java.time.Clock;
import java.util.function.UnaryOperator;

/** Starts the recorder package's FFmpeg recordings for the reconciler. */
public final class FfmpegRecorderLauncher implements RecorderLauncher {
    private final SegmentIndex index;
    private final Clock clock;
    private final Ticker ticker;
    private final UnaryOperator<RecordingConfig> tuning;

    /** @param tuning adjusts each recording's settings (segment length, retries) from the recorder's defaults */
    public FfmpegRecorderLauncher(SegmentIndex index, Clock clock, Ticker ticker,
            UnaryOperator<RecordingConfig> tuning) {
        this.index = index;
        this.clock = clock;
        this.ticker = ticker;
        this.tuning = tuning;
    }

    public FfmpegRecorderLauncher(SegmentIndex index, Clock clock, UnaryOperator<RecordingConfig> tuning) {
        this(index, clock, Ticker.system(), tuning);
    }

    public FfmpegRecorderLauncher(SegmentIndex index, Clock clock) {
        this(index, clock, UnaryOperator.identity());
    }

    /** @throws IllegalArgumentException when the URI does not fit its MediaUriType (the message is redacted) */
    @Override
    public RunningRecorder start(RecordingPlan plan) {
        MediaSource source = MediaSource.of(plan.mediaUriType(), plan.mediaUri().toString());
        RecordingConfig config = tuning.apply(RecordingConfig.of(plan.streamArn(), source, plan.directory())
                .withRoom(plan.room()).withClock(clock).withTicker(ticker));
        return new Running(Recording.start(config, index, null), clock);
    }

    private record Running(Recording recording, Clock clock) implements RunningRecorder {
        @Override
        public boolean alive() {
            return recording.running();
        }

        @Override
        public JobStatus status() {
            RecorderStatus s = recording.status();
            return new JobStatus(JobStatus.Kind.valueOf(s.status().name()), s.details(),
                    s.lastCollectedTime() != null ? s.lastCollectedTime() : clock.instant());
        }

        @Override
        public long reconnects() {
            return recording.metrics().reconnects();
        }

        @Override
        public boolean credentialsRefused() {
            return recording.credentialsRefused();
        }

        @Override
        public void close() {
            recording.close();
        }
    }
}
