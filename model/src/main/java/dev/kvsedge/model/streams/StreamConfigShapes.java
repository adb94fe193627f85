package dev.kvsedge.model.streams;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import dev.kvsedge.model.streams.StreamShapes.StreamStorageConfiguration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Shapes of the kinesisvideo operations that configure a stream beyond its own fields: storage tier, media storage
 * and mapped resources (signaling channels), image generation and notifications, as in the AWS model. Absent
 * members are null.
 */
public final class StreamConfigShapes {
    private StreamConfigShapes() {}

    public record DescribeStreamStorageConfigurationRequest(@Nullable String streamName,
            @Nullable String streamARN) implements StreamReference {}

    public record DescribeStreamStorageConfigurationResponse(String streamName, String streamARN,
            StreamStorageConfiguration streamStorageConfiguration) {}

    public record UpdateStreamStorageConfigurationRequest(@Nullable String streamName, @Nullable String streamARN,
            String currentVersion, StreamStorageConfiguration streamStorageConfiguration) implements StreamReference {}

    public record DescribeMediaStorageConfigurationRequest(@Nullable String channelName, @Nullable String channelARN) {}

    public record MediaStorageConfiguration(@Nullable String streamARN, String status) {}

    public record UpdateMediaStorageConfigurationRequest(String channelARN,
            MediaStorageConfiguration mediaStorageConfiguration) {}

    public record DescribeMappedResourceConfigurationRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable Integer maxResults, @Nullable String nextToken) implements StreamReference {}

    public record MappedResourceConfigurationListItem(String type, @JsonProperty("ARN") String arn) {}

    public record DescribeMappedResourceConfigurationResponse(
            List<MappedResourceConfigurationListItem> mappedResourceConfigurationList, @Nullable String nextToken) {}

    public record ImageGenerationDestinationConfig(String uri, String destinationRegion) {}

    public record ImageGenerationConfiguration(String status, String imageSelectorType,
            ImageGenerationDestinationConfig destinationConfig, Integer samplingInterval, String format,
            @Nullable Map<String, String> formatConfig, @Nullable Integer widthPixels,
            @Nullable Integer heightPixels) {}

    public record UpdateImageGenerationConfigurationRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable ImageGenerationConfiguration imageGenerationConfiguration) implements StreamReference {}

    public record StreamRequest(@Nullable String streamName, @Nullable String streamARN) implements StreamReference {}

    public record DescribeImageGenerationConfigurationResponse(
            ImageGenerationConfiguration imageGenerationConfiguration) {}

    public record NotificationDestinationConfig(String uri) {}

    public record NotificationConfiguration(String status, NotificationDestinationConfig destinationConfig) {}

    public record UpdateNotificationConfigurationRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable NotificationConfiguration notificationConfiguration) implements StreamReference {}

    public record DescribeNotificationConfigurationResponse(
            @Nullable NotificationConfiguration notificationConfiguration) {}
}
