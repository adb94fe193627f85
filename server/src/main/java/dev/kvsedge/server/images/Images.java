package dev.kvsedge.server.images;

import static dev.kvsedge.model.media.ImageShapes.GetImagesRequest;
import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.server.DeliveryConfig.S3Access;
import dev.kvsedge.server.delivery.FragmentDeliveries;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.playback.StoredFragments;
import dev.kvsedge.server.streams.StreamService;
import java.time.Clock;

/**
 * Images from stored video, wired: GetImages, the image generation configuration operations and, when S3 access
 * is configured, the deliveries that write generated images to S3; all share one cache of images made. FFmpeg's
 * libraries load on the first image, not here.
 */
public final class Images implements AutoCloseable {
    /** How much of the heap the images made lately may hold. */
    static final long CACHE_BYTES = 64L << 20;

    private final ImageService service;
    private final ImageGenerationService generation;
    private final ImageDelivery delivery;
    private final FragmentDeliveries deliveries;

    /** @param s3 how generated images reach their buckets; null: configurations are kept, no image is written */
    public Images(StreamService streams, FragmentStore fragments, StoredFragments stored, StreamConfigStore configs,
            S3Access s3, Clock clock) {
        int parallel = Math.max(1, Runtime.getRuntime().availableProcessors());
        FragmentImages fragmentImages = new FragmentImages(stored, new ImageCache(CACHE_BYTES), parallel);
        this.service = new ImageService(streams, fragments, fragmentImages);
        this.generation = new ImageGenerationService(streams, configs, fragments, clock);
        this.delivery = s3 == null ? null : new ImageDelivery(fragmentImages, s3, clock);
        this.deliveries = s3 == null
                ? null
                : new FragmentDeliveries(ImageGenerationService.KIND, configs, fragments, delivery, clock);
    }

    /** Adds GetImages to the archived-media operations. */
    public Operations registerGetImages(Operations archivedMedia) {
        return archivedMedia.add("GetImages", GetImagesRequest.class, service::getImages);
    }

    /** Adds Update/DescribeImageGenerationConfiguration to the kinesisvideo operations. */
    public Operations registerConfiguration(Operations kinesisvideo) {
        return kinesisvideo
                .addVoid("UpdateImageGenerationConfiguration", UpdateImageGenerationConfigurationRequest.class,
                        generation::update)
                .add("DescribeImageGenerationConfiguration", StreamRequest.class, generation::describe);
    }

    /** Makes and writes the images due; returns how many fragments were done (0 when no S3 access is configured). */
    public int sweep() {
        return deliveries == null ? 0 : deliveries.sweep();
    }

    @Override
    public void close() {
        if (delivery != null) {
            delivery.close();
        }
    }
}
