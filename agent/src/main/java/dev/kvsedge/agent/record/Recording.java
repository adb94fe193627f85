package dev.kvsedge.agent.record;

import dev.kvsedge.agent.record.RecorderStatus.Status;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.segments.SegmentIndexException;
import dev.kvsedge.agent.time.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
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
 * recorded) is retried after a wait that doubles from {@code firstRetry} to {@code maxRetry}, back to the first
 * only once a segment was completed (a source that fails right after each key frame is not retried at once again
 * and again); the segment in progress is completed first, so a drop loses nothing recorded. The reason goes to
 * {@link #status()}. A file source is paced as a camera would send it and, with {@code loopFile}, starts over at
 * its end.
 *
 * <p>The stream's {@link MediaRoom} is asked frame by frame: at DENY_NEW_MEDIA's cap recording pauses (USER_ERROR
 * until room is back); on a full disk the oldest media is deleted as DELETE_OLDEST_MEDIA says, or recording
 * pauses ({@link DiskFull}, SYSTEM_ERROR while it lasts) keeping every whole cluster, without hanging up on the
 * camera.
 *
 * <p>Stopping completes the current segment, so no part file is left. A crash (or a kill) leaves at most the
 * current segment's part file, which the next start deletes.
 */
public final class Recording implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recording.class);
    /** Key frames without parameter sets after which a source counts as unrecordable. */
    private static final int MAX_KEYS_WITHOUT_PARAMETER_SETS = 3;

    private enum End {
        STOPPED, FILE_ENDED, FILE_LOOPED
    }

    private final RecordingConfig config;
    private final MediaSource source;
    private final SegmentIndex index;
    private final RecordingListener listener;
    private final Interrupt interrupt = new Interrupt();
    private final Segmenter segmenter;
    private final MediaClock clock;
    private final AccessUnit unit = new AccessUnit();
    private final Thread thread;
    private final Backoff sourceBackoff;
    private final DiskFull disk;

    private volatile boolean stopping;
    /** The camera refused the credentials at the last try, and has not been recorded since. */
    private volatile boolean credentialsRefused;
    /** A segment may be complete on disk but not indexed (the index failed): recover before the next one. */
    private boolean needsRecovery;
    /** How often room was made on a full disk, when the last segment was completed. */
    private long roomMadeBefore;
    private final StatusLine status;
    private volatile long reconnects;
    private volatile long segments;
    private volatile long bytes;
    private volatile long frames;
    private volatile long framesSkipped;

    private final MediaTimes times = new MediaTimes();
    /** The audio frame being written, copied out of FFmpeg's packet (grown to the largest one). */
    private byte[] audioFrame = new byte[0];

    /** A write to the segment that may meet a full disk. */
    @FunctionalInterface
    private interface SegmentWrite {
        boolean run() throws IOException;
    }

    private Recording(RecordingConfig config, SegmentIndex index, RecordingListener listener) {
        this.config = config;
        this.source = config.source();
        this.index = index;
        this.listener = listener;
        this.segmenter = new Segmenter(config, index, this::indexed);
        this.clock = new MediaClock(config.clock(), config.ticker(), "recording of " + config.streamArn());
        this.sourceBackoff = new Backoff(config.firstRetry(), config.maxRetry());
        this.disk = new DiskFull(config.ticker(), new Backoff(config.firstRetry(), config.maxRetry()),
                config.segmentDir().toString());
        this.status = new StatusLine(new RecorderStatus(Status.SUCCESS, "Starting to record " + source.display(), null),
                this.listener);
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
        return status.get();
    }

    /** Whether the camera refused the credentials of its URI (401) at the last try: the URI's secret may have changed. */
    public boolean credentialsRefused() {
        return credentialsRefused;
    }

    public RecorderMetrics metrics() {
        return new RecorderMetrics(reconnects, segments, bytes, frames, framesSkipped);
    }

    public RecordingConfig config() {
        return config;
    }

    private void run() {
        boolean first = true;
        try {
            // Before anything else, even if stopped at once: what a crash left is cleaned up and indexed.
            needsRecovery = !recover();
            while (!stopping) {
                Duration wait = Duration.ZERO;
                try {
                    if (needsRecovery) {
                        recoverOrThrow();
                        needsRecovery = false;
                    }
                    if (!first) {
                        reconnects++;
                    }
                    first = false;
                    End end = connection();
                    while (end == End.FILE_LOOPED && !stopping) {
                        end = connection();
                    }
                    if (end == End.FILE_ENDED) {
                        finishSegment();
                        status.set(Status.SUCCESS, "The file " + source.display() + " ended; recording stopped");
                        return;
                    }
                } catch (SourceException e) {
                    if (stopping) {
                        break;
                    }
                    finishSegment();
                    credentialsRefused = e.credentialsRefused();
                    wait = sourceBackoff.next();
                    status.failed(e.status(), e.getMessage(), wait, null);
                } catch (IOException | SegmentIndexException e) {
                    segmenter.abandon();
                    needsRecovery = true;
                    wait = sourceBackoff.next();
                    status.failed(Status.SYSTEM_ERROR, "Cannot write segments in " + config.segmentDir() + ": "
                            + source.redact(String.valueOf(e.getMessage())), wait, e);
                } catch (RuntimeException e) {
                    segmenter.abandon();
                    needsRecovery = true;
                    wait = sourceBackoff.next();
                    status.failed(Status.SYSTEM_ERROR, "Unexpected failure: " + source.redact(e.toString()), wait, e);
                }
                sleep(wait.toNanos());
            }
            finishSegment();
            status.set(Status.SUCCESS, "Stopped recording " + source.display());
        } finally {
            segmenter.abandon(); // only if finishing failed: no part file outlives the recording
            interrupt.close();
        }
    }

    /** Cleans up the folder (see {@link SegmentFiles#recover}); false if that failed, to be retried. */
    private boolean recover() {
        try {
            recoverOrThrow();
            return true;
        } catch (IOException | SegmentIndexException e) {
            return false; // the recording loop tries again and reports it
        }
    }

    /** Cleans up the folder, and starts the time line after the stream's latest segment (see {@link MediaClock}). */
    private void recoverOrThrow() throws IOException {
        SegmentFiles.recover(config.segmentDir(), config.streamArn(), index).forEach(this::counted);
        index.all(config.streamArn()).stream().map(Segment::end).max(Instant::compareTo)
                .ifPresent(end -> clock.notBefore(end.getEpochSecond() * 1_000_000_000L + end.getNano()));
    }

    /** One connection to the source, from opening it to its end, a failure, or a stop. */
    private End connection() throws SourceException, IOException {
        boolean looped = false;
        try (FfmpegInput input = FfmpegInput.open(source, config.ioTimeout(), interrupt)) {
            ParameterSets sets = ParameterSets.of(input.extradata(), source);
            long frameNanos = input.frameNanos();
            FfmpegInput.AudioTrack audio = input.audio();
            if (sets.ready()) {
                segmenter.header(sets.header(frameNanos, source, audio));
            }
            String recordingWhat = "Recording " + source.display() + (audio != null
                    ? " (H.264 video and AAC audio)"
                    : input.audioNote() != null ? " (" + input.audioNote() + ")" : "");
            boolean file = source.kind() == MediaSource.Kind.FILE_URI;
            int keysWithoutSets = 0;
            times.connected(frameNanos);
            int packets = 0;
            while (!stopping) {
                if (!input.read()) {
                    if (!file) {
                        throw new SourceException(Status.USER_ERROR,
                                "The camera " + source.display() + " ended the stream");
                    }
                    if (packets == 0) {
                        throw new SourceException(Status.USER_ERROR,
                                "The file " + source.display() + " has no video frames");
                    }
                    times.loop();
                    looped = config.loopFile();
                    return looped ? End.FILE_LOOPED : End.FILE_ENDED;
                }
                if (input.audioPacket()) {
                    audio(input, audio);
                    continue;
                }
                packets++;
                if (!unit.load(input.packet().data(), input.packet().size(), sets.lengthSize())) {
                    framesSkipped++;
                    continue;
                }
                boolean key = input.keyFlag() || sets.lengthSize() == 0 && unit.hasIdrSlice();
                if (key && sets.update(unit)) {
                    segmenter.header(sets.header(frameNanos, source, audio));
                }
                if (!segmenter.hasHeader()) {
                    framesSkipped++;
                    if (key && ++keysWithoutSets >= MAX_KEYS_WITHOUT_PARAMETER_SETS) {
                        throw new SourceException(Status.USER_ERROR, source.display()
                                + " sends no H.264 parameter sets (SPS and PPS), neither in its description nor in key frames");
                    }
                    continue;
                }
                times.frame(input.ptsNanos(), input.dtsNanos(), input.durationNanos());
                if (file) {
                    sleep(clock.nanosUntil(times.decode()));
                    if (stopping) {
                        break;
                    }
                }
                if (write(clock.timeOf(times.media(), times.duration(), key), times.duration(), key)) {
                    frames++;
                    if (key && !disk.full()) {
                        credentialsRefused = false;
                        status.recording(recordingWhat);
                    }
                } else {
                    framesSkipped++;
                }
            }
            return End.STOPPED;
        } finally {
            status.stretchEnded();
            if (!looped) {
                clock.reset(); // the next connection's timestamps start anew: anchor them again
                times.reset();
            }
        }
    }

    /** Writes the audio frame just read along the video, unless it comes before the first video frame. */
    private void audio(FfmpegInput input, FfmpegInput.AudioTrack audio) throws IOException {
        long media = times.audio(input.ptsNanos());
        long time = media == Long.MIN_VALUE ? Long.MIN_VALUE : clock.timeAlong(media);
        int size = input.packet().size();
        if (time == Long.MIN_VALUE || !disk.mayTry()) {
            return;
        }
        if (audioFrame.length < size) {
            audioFrame = new byte[size];
        }
        input.packet().data().get(audioFrame, 0, size);
        long duration = input.durationNanos() > 0 ? input.durationNanos() : 1024 * 1_000_000_000L / audio.sampleRate();
        writing(() -> segmenter.audio(time, duration, audioFrame, size));
    }

    /** Writes a frame within the stream's room and the disk's; false when it was dropped (a pause). */
    private boolean write(long time, long duration, boolean key) throws IOException {
        if (!disk.mayTry()) {
            return false;
        }
        boolean written = writing(() -> segmenter.frame(time, duration, key, unit));
        if (!written && segmenter.limited() && !disk.paused() && status.setNotRecording(Status.USER_ERROR,
                "Recording is paused: the stream's local media reached its limit (" + config.room().limit()
                        + "); it goes on once uploads or retention free room")) {
            LOG.info("{}: {}", config.streamArn(), status.get().details());
        }
        return written;
    }

    /** A write to the segment, as the disk allows: room made on a full disk is said, no room pauses. */
    private boolean writing(SegmentWrite write) throws IOException {
        try {
            if (needsRecovery) {
                recoverOrThrow();
                needsRecovery = false;
            }
            long roomMade = segmenter.diskRoomMade();
            boolean written = write.run();
            if (segmenter.diskRoomMade() != roomMade) {
                status.setNotRecording(Status.SYSTEM_ERROR, disk.makingRoom());
            }
            return written;
        } catch (DiskFullException e) {
            diskFull(e);
            return false;
        } catch (SegmentIndexException e) {
            if (!DiskFullException.isDiskFull(e)) {
                throw e;
            }
            needsRecovery = true; // the segment is complete on disk: indexed once there is room
            diskFull(e);
            return false;
        }
    }

    /** No room could be made on the disk: keep the whole clusters and pause, the camera still connected. */
    private void diskFull(Exception cause) {
        String details = disk.pause(cause, config.room().limit());
        try {
            segmenter.finishWholeClusters();
        } catch (IOException | SegmentIndexException e) {
            segmenter.abandon();
            needsRecovery = true;
        }
        status.setNotRecording(Status.SYSTEM_ERROR, details);
    }

    private void finishSegment() {
        try {
            segmenter.finish();
        } catch (IOException | SegmentIndexException e) {
            segmenter.abandon();
            status.setNotRecording(Status.SYSTEM_ERROR, "Cannot complete a segment in " + config.segmentDir() + ": "
                    + source.redact(String.valueOf(e.getMessage())));
            LOG.warn("{}", status.get().details(), e);
        }
    }

    /** A segment the recording completed. */
    private void indexed(Segment segment) {
        sourceBackoff.reset(); // a whole segment: the source works
        long roomMade = segmenter.diskRoomMade();
        if (disk.segmentDone(segment.sizeBytes(), roomMade != roomMadeBefore)) {
            status.stretchEnded(); // "Recording" again at the next key frame
        }
        roomMadeBefore = roomMade;
        counted(segment);
    }

    /** A segment indexed, by the recording or by recovery. */
    private void counted(Segment segment) {
        segments++;
        bytes += segment.sizeBytes();
        status.collected(config.clock().instant());
        listener.segmentIndexed(segment);
    }

    /** Sleeps up to {@code nanos} on the ticker, waking early on stop. */
    private void sleep(long nanos) {
        long deadline = config.ticker().nanos() + nanos;
        for (long left = nanos; left > 0 && !stopping; left = deadline - config.ticker().nanos()) {
            config.ticker().park(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
    }
}
