package dev.kvsedge.server.images;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The images made lately, so that a timeline asking for the same thumbnails again gets them without reading,
 * decoding or encoding anything: least recently used first out, bounded by bytes. Beside them, each fragment's
 * frame times, so that finding which frame a sample time shows needs no read of the fragment either. Thread-safe.
 */
final class ImageCache {
    /** Identifies one image: a frame of a fragment, made to a spec. */
    record ImageKey(String streamArn, long fragmentNumber, int frameIndex, ImageSpec spec) {}

    /** A fragment, as the frame times of its video are kept. */
    record FragmentKey(String streamArn, long fragmentNumber) {}

    private static final int TIMES_KEPT = 4096;

    private final long maxBytes;
    private long bytes;
    private final LinkedHashMap<ImageKey, byte[]> images = new LinkedHashMap<>(64, 0.75f, true);
    private final LinkedHashMap<FragmentKey, FrameTimes> times = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<FragmentKey, FrameTimes> eldest) {
            return size() > TIMES_KEPT;
        }
    };

    ImageCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    synchronized byte[] image(ImageKey key) {
        return images.get(key);
    }

    synchronized void putImage(ImageKey key, byte[] image) {
        if (image.length > maxBytes) {
            return;
        }
        byte[] old = images.put(key, image);
        bytes += image.length - (old == null ? 0 : old.length);
        Iterator<byte[]> eldest = images.values().iterator();
        while (bytes > maxBytes && eldest.hasNext()) {
            bytes -= eldest.next().length;
            eldest.remove();
        }
    }

    synchronized FrameTimes times(FragmentKey key) {
        return times.get(key);
    }

    synchronized void putTimes(FragmentKey key, FrameTimes frameTimes) {
        times.put(key, frameTimes);
    }

    synchronized long bytes() {
        return bytes;
    }
}
