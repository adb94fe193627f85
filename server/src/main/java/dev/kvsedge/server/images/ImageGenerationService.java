package dev.kvsedge.server.images;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.delivery.ConfigJson;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.delivery.StreamConfigStore.Entry;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.time.Clock;

/**
 * UpdateImageGenerationConfiguration and DescribeImageGenerationConfiguration: a stream's image generation,
 * checked as AWS checks it and kept with the stream. Enabling it starts from the media ingested after the update.
 */
public final class ImageGenerationService {
    static final String KIND = "image-generation";

    private final StreamService streams;
    private final StreamConfigStore configs;
    private final FragmentStore fragments;
    private final Clock clock;

    public ImageGenerationService(StreamService streams, StreamConfigStore configs, FragmentStore fragments, Clock clock) {
        this.streams = streams;
        this.configs = configs;
        this.fragments = fragments;
        this.clock = clock;
    }

    /** A null configuration removes the stream's image generation, as AWS documents. */
    public void update(Scope scope, UpdateImageGenerationConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        ImageGenerationConfiguration config = request.imageGenerationConfiguration();
        if (config == null) {
            configs.delete(stream.key(), KIND);
            return;
        }
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name()
                    + " keeps no media: images are made from stored media, so it needs a data retention.");
        }
        check(config, scope);
        long after = fragments.latest(stream.arn()).map(Fragment::number).orElse(-1L);
        if (!configs.put(new Entry(stream.key(), stream.arn(), KIND, ConfigJson.write(config), "ENABLED".equals(config.status()), after),
                clock.instant())) {
            throw ApiException.notFound("The requested stream is not found or not active.");
        }
    }

    public DescribeImageGenerationConfigurationResponse describe(Scope scope, StreamRequest request) {
        Stream stream = streams.requireStream(scope, request);
        return new DescribeImageGenerationConfigurationResponse(configs.find(stream.key(), KIND)
                .filter(e -> e.streamArn().equals(stream.arn())).map(e -> parse(e.config())).orElse(null));
    }

    /** AWS's rules beyond the model: an s3:// destination in the stream's region, 200 ms or more, a JPEGQuality. */
    private static void check(ImageGenerationConfiguration config, Scope scope) {
        ImageGenerationDestinationConfig destination = config.destinationConfig();
        if (!destination.destinationRegion().equals(scope.region())) {
            throw ApiException.invalidArgument("The DestinationRegion " + destination.destinationRegion()
                    + " must be the stream's region, " + scope.region() + ".");
        }
        destination(config);
        if (config.samplingInterval() < ImageService.MIN_INTERVAL_MILLIS) {
            throw ApiException.invalidArgument("The SamplingInterval must be at least " + ImageService.MIN_INTERVAL_MILLIS
                    + " ms, not " + config.samplingInterval() + ".");
        }
        spec(config);
    }

    static S3Location destination(ImageGenerationConfiguration config) {
        try {
            return S3Location.parse(config.destinationConfig().uri());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("The destination Uri must be an S3 bucket, s3://BUCKET[/PREFIX]: "
                    + e.getMessage());
        }
    }

    static ImageSpec spec(ImageGenerationConfiguration config) {
        return ImageSpec.of(config.format(), config.formatConfig(), config.widthPixels(), config.heightPixels());
    }

    static ImageGenerationConfiguration parse(String json) {
        return ConfigJson.read(json, ImageGenerationConfiguration.class);
    }
}
