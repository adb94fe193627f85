package dev.kvsedge.server.images;

import static dev.kvsedge.model.streams.StreamConfigShapes.ImageGenerationConfiguration;

import dev.kvsedge.server.DeliveryConfig.S3Access;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.blob.S3Objects;
import dev.kvsedge.server.delivery.FragmentDeliveries;
import dev.kvsedge.server.delivery.StreamConfigStore.Entry;
import dev.kvsedge.server.fragments.Fragment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image generation's delivery of one fragment: an image at each multiple of the SamplingInterval (epoch
 * milliseconds, by the configured timestamps) within the fragment, written to the configured bucket as AWS names
 * them, {@code ACCOUNT_STREAM_TIMECODE_RANDOMID.jpg} (or {@code .png}) under the Uri's prefix, with the fragment
 * number and both timestamps as object metadata. kvs-edge makes images of every fragment: it does not keep the
 * producer's AWS_KINESISVIDEO_IMAGE_GENERATION fragment tags, which AWS waits for.
 */
final class ImageDelivery implements FragmentDeliveries.Delivery, AutoCloseable {
    private final FragmentImages images;
    private final S3Access access;
    private final Clock clock;
    private final Map<S3Location, S3Objects> buckets = new ConcurrentHashMap<>();

    ImageDelivery(FragmentImages images, S3Access access, Clock clock) {
        this.images = images;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void deliver(Entry entry, Fragment fragment) throws IOException {
        ImageGenerationConfiguration config = ImageGenerationService.parse(entry.config());
        boolean server = "SERVER_TIMESTAMP".equals(config.imageSelectorType());
        Instant start = server ? fragment.serverTimestamp() : fragment.producerTimestamp();
        List<Long> times = sampleTimes(start.toEpochMilli(), fragment.durationMillis(), config.samplingInterval());
        if (times.isEmpty()) {
            return;
        }
        FrameTimes frames;
        try {
            frames = images.times(fragment);
        } catch (UncheckedIOException gone) {
            return; // deleted by retention before its turn: nothing to make images of
        }
        if (frames.unusable() != null) {
            return; // as GetImages's MEDIA_ERROR: no image can be made of it
        }
        Map<Long, Integer> frameOf = new LinkedHashMap<>();
        SortedSet<Integer> wanted = new TreeSet<>();
        for (long time : times) {
            long producerMillis = server
                    ? fragment.producerTimestamp().toEpochMilli() + (time - start.toEpochMilli())
                    : time;
            int frame = frames.frameAt(producerMillis * 1_000_000L);
            frameOf.put(time, frame);
            wanted.add(frame);
        }
        ImageSpec spec = ImageGenerationService.spec(config);
        Map<Integer, FrameImage> made = images.images(fragment, wanted, spec);
        S3Objects bucket = buckets.computeIfAbsent(ImageGenerationService.destination(config),
                location -> new S3Objects(access.forLocation(location), clock));
        Map<String, String> metadata = Map.of(
                "aws_kinesisvideo_fragment_number", fragment.numberText(),
                "aws_kinesisvideo_producer_timestamp", Long.toString(fragment.producerTimestamp().toEpochMilli()),
                "aws_kinesisvideo_server_timestamp", Long.toString(fragment.serverTimestamp().toEpochMilli()));
        for (Map.Entry<Long, Integer> sample : frameOf.entrySet()) {
            FrameImage image = made.get(sample.getValue());
            if (image.image() == null) {
                continue;
            }
            String key = entry.stream().scope().accountId() + "_" + entry.stream().name() + "_" + sample.getKey() + "_"
                    + UUID.randomUUID() + "." + spec.format().extension;
            bucket.put(key, image.image(), spec.format().contentType, metadata);
        }
    }

    /** The multiples of {@code interval} ms in [start, start + duration), or start itself for a fragment of no length. */
    static List<Long> sampleTimes(long startMillis, long durationMillis, long interval) {
        List<Long> times = new ArrayList<>();
        long first = Math.floorDiv(startMillis + interval - 1, interval) * interval;
        for (long t = first; t < startMillis + Math.max(1, durationMillis); t += interval) {
            times.add(t);
        }
        return times;
    }

    @Override
    public void close() {
        buckets.values().forEach(S3Objects::close);
    }
}
