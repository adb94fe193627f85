package dev.kvsedge.server.images;

import static dev.kvsedge.model.streams.StreamConfigShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.delivery.ConfigJson;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.delivery.StreamConfigurations;
import dev.kvsedge.server.fragments.FragmentStore;
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
    private final StreamConfigurations configs;

    public ImageGenerationService(StreamService streams, StreamConfigStore configs, FragmentStore fragments,
            Clock clock) {
        this.streams = streams;
        this.configs = new StreamConfigurations(KIND, configs, fragments, clock);
    }

    /** A null configuration removes the stream's image generation, as AWS documents. */
    public void update(Scope scope, UpdateImageGenerationConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        ImageGenerationConfiguration config = request.imageGenerationConfiguration();
        if (config == null) {
            configs.remove(stream);
            return;
        }
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name()
                    + " keeps no media: images are made from stored media, so it needs a data retention.");
        }
        check(config, scope);
        configs.keep(stream, config, "ENABLED".equals(config.status()));
    }

    public DescribeImageGenerationConfigurationResponse describe(Scope scope, StreamRequest request) {
        Stream stream = streams.requireStream(scope, request);
        return new DescribeImageGenerationConfigurationResponse(
                configs.current(stream, ImageGenerationConfiguration.class).orElse(null));
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
            throw ApiException
                    .invalidArgument("The SamplingInterval must be at least " + ImageService.MIN_INTERVAL_MILLIS
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
