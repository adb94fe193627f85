package dev.kvsedge.server.images;

import static dev.kvsedge.model.media.ImageShapes.GetImagesRequest;

import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.playback.StoredFragments;
import dev.kvsedge.server.streams.StreamService;

/**
 * Images from stored video, wired: GetImages and the cache of images it shares with whatever else makes them.
 * FFmpeg's libraries load on the first image, not here.
 */
public final class Images {
    /** How much of the heap the images made lately may hold. */
    static final long CACHE_BYTES = 64L << 20;

    private final FragmentImages fragmentImages;
    private final ImageService service;

    public Images(StreamService streams, FragmentStore fragments, StoredFragments stored) {
        int parallel = Math.max(1, Runtime.getRuntime().availableProcessors());
        this.fragmentImages = new FragmentImages(stored, new ImageCache(CACHE_BYTES), parallel);
        this.service = new ImageService(streams, fragments, fragmentImages);
    }

    /** Adds GetImages to the archived-media operations. */
    public Operations register(Operations archivedMedia) {
        return archivedMedia.add("GetImages", GetImagesRequest.class, service::getImages);
    }

    FragmentImages fragmentImages() {
        return fragmentImages;
    }
}
