package dev.kvsedge.server.images;

import dev.kvsedge.media.Frame;
import dev.kvsedge.media.Track;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.images.ImageCache.FragmentKey;
import dev.kvsedge.server.images.ImageCache.ImageKey;
import dev.kvsedge.server.playback.StoredFragments;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.Semaphore;

/**
 * The images of chosen frames of a fragment: from the cache, or read, decoded (from each frame's key frame, in one
 * pass for frames in time order) and encoded. Decoding runs at most {@code parallel} fragments at once, so image
 * requests leave the server's other work its share of the cores.
 */
final class FragmentImages {
    private final StoredFragments stored;
    private final ImageCache cache;
    private final Semaphore decoding;

    FragmentImages(StoredFragments stored, ImageCache cache, int parallel) {
        this.stored = stored;
        this.cache = cache;
        this.decoding = new Semaphore(parallel, true);
    }

    /** The fragment's video as far as choosing frames needs: from the cache, else read from the blob store. */
    FrameTimes times(Fragment fragment) {
        FrameTimes times = cache.times(key(fragment));
        return times != null ? times : load(fragment).times();
    }

    /** The image of each frame in {@code frameIndexes}, or why it could not be made. */
    Map<Integer, FrameImage> images(Fragment fragment, SortedSet<Integer> frameIndexes, ImageSpec spec) {
        Map<Integer, FrameImage> images = new LinkedHashMap<>();
        for (int index : frameIndexes) {
            byte[] cached = cache.image(new ImageKey(fragment.streamArn(), fragment.number(), index, spec));
            if (cached != null) {
                images.put(index, FrameImage.made(cached));
            }
        }
        if (images.size() == frameIndexes.size()) {
            return images;
        }
        decoding.acquireUninterruptibly();
        try {
            Video video = load(fragment);
            if (video.times().unusable() != null) {
                frameIndexes.forEach(i -> images.put(i, FrameImage.failed(video.times().unusable())));
                return images;
            }
            try (H264Pictures pictures = new H264Pictures(video.track(), video.frames())) {
                for (int index : frameIndexes) {
                    if (images.containsKey(index)) {
                        continue;
                    }
                    try {
                        byte[] image = ImageEncoder.encode(pictures.picture(index), spec);
                        cache.putImage(new ImageKey(fragment.streamArn(), fragment.number(), index, spec), image);
                        images.put(index, FrameImage.made(image));
                    } catch (PictureException e) {
                        images.put(index, FrameImage.failed(e.getMessage()));
                    }
                }
            } catch (PictureException e) {
                frameIndexes.forEach(i -> images.putIfAbsent(i, FrameImage.failed(e.getMessage())));
            }
            return images;
        } finally {
            decoding.release();
        }
    }

    /** A fragment's video track and frames, read from the blob store. */
    private record Video(FrameTimes times, Track track, List<Frame> frames) {}

    private Video load(Fragment fragment) {
        StoredFragments.Decoded decoded;
        try {
            decoded = stored.decode(fragment);
        } catch (IOException e) {
            throw new UncheckedIOException("fragment " + fragment.number() + " cannot be read", e);
        }
        Track video = decoded.tracks().stream().filter(t -> t.type() == Track.VIDEO).findFirst().orElse(null);
        Video result;
        if (video == null) {
            result = new Video(FrameTimes.unusable("the fragment has no video"), null, List.of());
        } else if (!video.isH264() || !video.hasCodecPrivate()) {
            result = new Video(FrameTimes.unusable("the video is " + video.codecId() + (video.hasCodecPrivate()
                    ? ""
                    : " without codec private data") + "; images need H.264"), null, List.of());
        } else {
            List<Frame> frames = decoded.frames().stream().filter(f -> f.track() == video.number()).toList();
            result = new Video(
                    frames.isEmpty()
                            ? FrameTimes.unusable("the fragment has no video frame")
                            : FrameTimes.of(video, frames),
                    video, frames);
        }
        cache.putTimes(key(fragment), result.times());
        return result;
    }

    private static FragmentKey key(Fragment fragment) {
        return new FragmentKey(fragment.streamArn(), fragment.number());
    }
}
