package dev.kvsedge.server.ingest;

import dev.kvsedge.media.Track;
import dev.kvsedge.media.mkv.MkvEvent;
import dev.kvsedge.server.blob.BlobUpload;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A cluster being received: its bytes go to the blob upload as they come, and its duration is tracked
 * from the blocks' times: from the earliest block's start (or the cluster's own time, if earlier) to the latest
 * block's end, a block's end being its offset plus its BlockDuration (when above 0), else the track's
 * DefaultDuration, else the average frame interval seen so far. Blocks may come in any time order (B-frames, or frames before the cluster's
 * time). The arithmetic saturates instead of overflowing: a time too large for a long is longer than any limit.
 */
final class FragmentInProgress {
    private final String key;
    private final long timecode;
    private final long producerNanos;
    private final Instant serverTime;
    private final BlobUpload upload;
    private final int headerLength;
    private final long timecodeScale;
    private final Map<Integer, Track> tracks;
    private long startNanos;
    private long endNanos;
    private long lastOffsetNanos;
    private int blocks;

    FragmentInProgress(String key, long timecode, long producerNanos, Instant serverTime, BlobUpload upload,
            int headerLength,
            long timecodeScale, Map<Integer, Track> tracks) {
        this.key = key;
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
        long offset = saturatedMultiply(block.relativeTimecode(), timecodeScale);
        // A BlockDuration of 0 says nothing, as playback reads it: then the track's DefaultDuration counts.
        long duration = block.durationTicks() > 0
                ? saturatedMultiply(block.durationTicks(), timecodeScale)
                : tracks.get(block.track()).defaultDurationNanos();
        if (duration == 0 && blocks > 0) {
            duration = Math.max(0, offset) / blocks;
        }
        blocks++;
        startNanos = Math.min(startNanos, offset);
        lastOffsetNanos = Math.max(lastOffsetNanos, offset);
        endNanos = Math.max(endNanos, saturatedAdd(offset, Math.max(0, duration)));
    }

    /** From the earliest block's start (the cluster's time at the latest) to the latest block's end. */
    long durationNanos() {
        return saturatedAdd(Math.max(endNanos, lastOffsetNanos), -startNanos);
    }

    static long saturatedMultiply(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
            return low;
        }
        return high < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // Overflow: both operands have the same sign and the sum has the other.
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    long mediaBytes() {
        return upload.size() - headerLength;
    }

    /** Where its blob goes. */
    String key() {
        return key;
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
