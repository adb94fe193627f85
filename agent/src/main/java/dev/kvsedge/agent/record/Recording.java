package dev.kvsedge.agent.record;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.segments.SegmentIndexException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recording job of one stream: from {@link #start} until {@link #stop}, reads the camera or file on a thread
 * of its own and writes its H.264, copied without re-encoding, into segments indexed in the {@link SegmentIndex}.
 * The caller decides when to record (always, or in schedule windows) and calls start and stop.
 *
 * <p>A source that fails (cannot be opened, goes silent for the I/O timeout, ends its stream, sends what cannot be
 * recorded) is retried after a wait that doubles from {@code firstRetry} to {@code maxRetry}; the segment in
 * progress is completed first, so a drop loses nothing recorded. The reason goes to {@link #status()}. A file
 * source is paced as a camera would send it and, with {@code loopFile}, starts over at its end.
 *
 * <p>Stopping completes the current segment, so no part file is left. A crash (or a kill) leaves at most the
 * current segment's part file, which the next start deletes.
 */
public final class Recording implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
    private static final long DEFAULT_FRAME_NANOS = 40_000_000L; // 25 fps, until the source shows its spacing
    /** Key frames without parameter sets after which a source counts as unrecordable. */
    private static final int MAX_KEYS_WITHOUT_PARAMETER_SETS = 3;

    private enum End { STOPPED, FILE_ENDED, FILE_LOOPED }

    private final RecordingConfig config;
    private final MediaSource source;
    private final SegmentIndex index;
    private final RecordingListener listener;
    private final Interrupt interrupt = new Interrupt();
    private final Segmenter segmenter;
    private final MediaClock clock;
    private final AccessUnit unit = new AccessUnit();
    private final Thread thread;

    private volatile boolean stopping;
    private volatile RecorderStatus status;
    private volatile long reconnects;
    private volatile long segments;
    private volatile long bytes;
    private volatile long frames;
    private volatile long framesSkipped;

    /** Media time added to the current connection's timestamps: continues a looping file's time line. */
    private long mediaBase;
    /** End of the latest frame on the media time line. */
    private long mediaEnd;

    private Recording(RecordingConfig config, SegmentIndex index, RecordingListener listener) {
        this.config = config;
        this.source = config.source();
        this.index = index;
        this.listener = listener;
        this.segmenter = new Segmenter(config, index, this::indexed);
        this.clock = new MediaClock(config.clock());
        this.status = new RecorderStatus(Status.SUCCESS, "Starting to record " + source.display(), null);
        this.thread = new Thread(this::run, "recorder " + config.segmentDir().getFileName());
        thread.setDaemon(true);
    }

    /** Starts recording on a new thread. */
    public static Recording start(RecordingConfig config, SegmentIndex index, RecordingListener listener) {
        Recording recording = new Recording(config, index, listener == null ? RecordingListener.NONE : listener);
        recording.thread.start();
        return recording;
    }

    /** Asks the recording to stop; it completes its current segment. Returns at once. */
    public void stop() {
        stopping = true;
        interrupt.raise();
        LockSupport.unpark(thread);
    }

    /** Waits for the recording to end (after {@link #stop}, or a file source that ended). */
    public boolean await(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        return !thread.isAlive();
    }

    /** Stops and waits until the current segment is completed. */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean running() {
        return thread.isAlive();
    }

    public RecorderStatus status() {
        return status;
    }

    public RecorderMetrics metrics() {
        return new RecorderMetrics(reconnects, segments, bytes, frames, framesSkipped);
    }

    public RecordingConfig config() {
        return config;
    }

    private void run() {
        Backoff backoff = new Backoff(config.firstRetry(), config.maxRetry());
        boolean first = true;
        try {
            // Before anything else, even if stopped at once: what a crash left is cleaned up and indexed.
            boolean recovered = recover();
            while (!stopping) {
                Duration wait = Duration.ZERO;
                try {
                    if (!recovered) {
                        SegmentFiles.recover(config.segmentDir(), config.streamArn(), index).forEach(this::indexed);
                        recovered = true;
                    }
                    if (!first) {
                        reconnects++;
                    }
                    first = false;
                    End end = connection(backoff);
                    while (end == End.FILE_LOOPED && !stopping) {
                        end = connection(backoff);
                    }
                    if (end == End.FILE_ENDED) {
                        finishSegment();
                        setStatus(Status.SUCCESS, "The file " + source.display() + " ended; recording stopped");
                        return;
                    }
                } catch (SourceException e) {
                    if (stopping) {
                        break;
                    }
                    finishSegment();
                    wait = backoff.next();
                    failed(e.status(), e.getMessage(), wait, null);
                } catch (IOException | SegmentIndexException e) {
                    segmenter.abandon();
                    wait = backoff.next();
                    failed(Status.SYSTEM_ERROR, "Cannot write segments in " + config.segmentDir() + ": "
                            + source.redact(String.valueOf(e.getMessage())), wait, e);
                } catch (RuntimeException e) {
                    segmenter.abandon();
                    wait = backoff.next();
                    failed(Status.SYSTEM_ERROR, "Unexpected failure: " + source.redact(e.toString()), wait, e);
                }
                sleep(wait.toNanos());
            }
            finishSegment();
            setStatus(Status.SUCCESS, "Stopped recording " + source.display());
        } finally {
            segmenter.abandon(); // only if finishing failed: no part file outlives the recording
            interrupt.close();
        }
    }

    /** Cleans up the folder (see {@link SegmentFiles#recover}); false if that failed, to be retried. */
    private boolean recover() {
        try {
            SegmentFiles.recover(config.segmentDir(), config.streamArn(), index).forEach(this::indexed);
            return true;
        } catch (IOException | SegmentIndexException e) {
            return false; // the recording loop tries again and reports it
        }
    }

    /** One connection to the source, from opening it to its end, a failure, or a stop. */
    private End connection(Backoff backoff) throws SourceException, IOException {
        boolean looped = false;
        try (FfmpegInput input = FfmpegInput.open(source, config.ioTimeout(), interrupt)) {
            ParameterSets sets = ParameterSets.of(input.extradata(), source);
            long frameNanos = input.frameNanos();
            if (sets.ready()) {
                segmenter.header(sets.header(frameNanos, source));
            }
            boolean file = source.kind() == MediaSource.Kind.FILE_URI;
            boolean keyWritten = false;
            int keysWithoutSets = 0;
            long firstTime = Long.MIN_VALUE;
            long lastDts = Long.MIN_VALUE;
            long spacing = frameNanos > 0 ? frameNanos : DEFAULT_FRAME_NANOS;
            int packets = 0;
            while (!stopping) {
                if (!input.read()) {
                    if (!file) {
                        throw new SourceException(Status.USER_ERROR, "The camera " + source.display() + " ended the stream");
                    }
                    if (packets == 0) {
                        throw new SourceException(Status.USER_ERROR, "The file " + source.display() + " has no video frames");
                    }
                    mediaBase = mediaEnd; // a loop continues the time line where the file ended
                    looped = config.loopFile();
                    return looped ? End.FILE_LOOPED : End.FILE_ENDED;
                }
                packets++;
                if (!unit.load(input.packet().data(), input.packet().size(), sets.lengthSize())) {
                    framesSkipped++;
                    continue;
                }
                boolean key = input.keyFlag() || sets.lengthSize() == 0 && unit.hasIdrSlice();
                if (key && sets.update(unit)) {
                    segmenter.header(sets.header(frameNanos, source));
                }
                if (!segmenter.hasHeader()) {
                    framesSkipped++;
                    if (key && ++keysWithoutSets >= MAX_KEYS_WITHOUT_PARAMETER_SETS) {
                        throw new SourceException(Status.USER_ERROR, source.display()
                                + " sends no H.264 parameter sets (SPS and PPS), neither in its description nor in key frames");
                    }
                    continue;
                }
                long pts = input.ptsNanos();
                long dts = input.dtsNanos();
                if (pts == Long.MIN_VALUE) {
                    pts = lastDts == Long.MIN_VALUE ? 0 : lastDts + spacing;
                    dts = pts;
                }
                if (firstTime == Long.MIN_VALUE) {
                    firstTime = Math.min(pts, dts);
                }
                if (lastDts != Long.MIN_VALUE && dts > lastDts && frameNanos == 0) {
                    spacing = dts - lastDts;
                }
                lastDts = dts;
                long duration = input.durationNanos() > 0 ? input.durationNanos() : spacing;
                long media = mediaBase + pts - firstTime;
                mediaEnd = Math.max(mediaEnd, media + duration);
                if (file) {
                    sleep(clock.nanosUntil(mediaBase + dts - firstTime));
                    if (stopping) {
                        break;
                    }
                }
                boolean written = segmenter.frame(clock.wallNanos(media, key), duration, key, unit);
                if (written) {
                    frames++;
                    if (key && !keyWritten) {
                        keyWritten = true;
                        backoff.reset();
                        setStatus(Status.SUCCESS, "Recording " + source.display());
                    }
                } else {
                    framesSkipped++;
                    if (segmenter.paused()) {
                        setStatus(Status.SUCCESS, "Paused: new media is not allowed (the local media size limit is reached)");
                        keyWritten = false;
                    }
                }
            }
            return End.STOPPED;
        } finally {
            if (!looped) {
                clock.reset(); // the next connection's timestamps start anew: anchor them again
                mediaBase = 0;
                mediaEnd = 0;
            }
        }
    }

    private void finishSegment() {
        try {
            segmenter.finish();
        } catch (IOException | SegmentIndexException e) {
            segmenter.abandon();
            setStatus(Status.SYSTEM_ERROR, "Cannot complete a segment in " + config.segmentDir() + ": "
                    + source.redact(String.valueOf(e.getMessage())));
            LOG.warn("{}", status.details(), e);
        }
    }

    private void indexed(Segment segment) {
        segments++;
        bytes += segment.sizeBytes();
        status = status.withLastCollected(config.clock().instant());
        listener.segmentIndexed(segment);
    }

    /** Reports a failure: the status, and one log line for each retry (FFmpeg's own lines about it are DEBUG only). */
    private void failed(Status kind, String message, Duration wait, Throwable cause) {
        String details = message + "; retrying in " + wait.toMillis() / 1000.0 + " s";
        setStatus(kind, details);
        if (cause != null) {
            LOG.warn("{}", details, cause);
        } else {
            LOG.warn("{}", details);
        }
    }

    /** Sets the status; tells the listener and returns true when it changed other than in lastCollectedTime. */
    private boolean setStatus(Status kind, String details) {
        RecorderStatus old = status;
        if (old.status() == kind && old.details().equals(details)) {
            return false;
        }
        status = new RecorderStatus(kind, details, old.lastCollectedTime());
        if (kind == Status.SUCCESS) {
            LOG.info("{}", details);
        }
        listener.statusChanged(status);
        return true;
    }

    /** Sleeps up to {@code nanos}, waking early on stop. */
    private void sleep(long nanos) {
        long deadline = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !stopping; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }
}
