package dev.kvsedge.server.ingest;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.server.blob.BlobUpload;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A cluster being received: its bytes go to the blob upload as they come, and its duration is tracked
 * from the blocks' times (a block's end is its offset plus its BlockDuration, else the track's
 * DefaultDuration, else the average frame interval seen so far).
 */
final class FragmentInProgress {
    private final long number;
    private final long timecode;
    private final long producerNanos;
    private final Instant serverTime;
    private final BlobUpload upload;
    private final int headerLength;
    private final long timecodeScale;
    private final Map<Integer, Track> tracks;
    private long endNanos;
    private long lastOffsetNanos;
    private int blocks;

    FragmentInProgress(long number, long timecode, long producerNanos, Instant serverTime, BlobUpload upload, int headerLength,
                       long timecodeScale, Map<Integer, Track> tracks) {
        this.number = number;
        this.timecode = timecode;
        this.producerNanos = producerNanos;
        this.serverTime = serverTime;
        this.upload = upload;
        this.headerLength = headerLength;
        this.timecodeScale = timecodeScale;
        this.tracks = tracks;
    }

    void write(byte[] bytes) throws IOException {
        upload.write(bytes, 0, bytes.length);
    }

    void add(MkvEvent.Block block) throws IOException {
        write(block.element());
        long offset = (long) block.relativeTimecode() * timecodeScale;
        long duration = block.durationTicks() >= 0 ? block.durationTicks() * timecodeScale
                : tracks.get(block.track()).defaultDurationNanos();
        if (duration == 0 && blocks > 0) {
            duration = Math.max(0, offset) / blocks;
        }
        blocks++;
        lastOffsetNanos = Math.max(lastOffsetNanos, offset);
        endNanos = Math.max(endNanos, offset + duration);
    }

    long durationNanos() {
        return Math.max(endNanos, lastOffsetNanos);
    }

    long mediaBytes() {
        return upload.size() - headerLength;
    }

    long number() {
        return number;
    }

    long timecode() {
        return timecode;
    }

    long producerNanos() {
        return producerNanos;
    }

    Instant serverTime() {
        return serverTime;
    }

    BlobUpload upload() {
        return upload;
    }

    int headerLength() {
        return headerLength;
    }
}
