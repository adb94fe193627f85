package dev.kvsedge.model.streams;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import dev.kvsedge.model.streams.StreamShapes.StreamStorageConfiguration;
import java.util.List;
import java.util.Map;

/**
 * Shapes of the kinesisvideo operations that configure a stream beyond its own fields: storage tier, media storage
 * and mapped resources (signaling channels), image generation and notifications, as in the AWS model. Absent
 * members are null.
 */
public final class StreamConfigShapes {
    private StreamConfigShapes() {}

    public record DescribeStreamStorageConfigurationRequest(String streamName,
            String streamARN) implements StreamReference {}

    public record DescribeStreamStorageConfigurationResponse(String streamName, String streamARN,
            StreamStorageConfiguration streamStorageConfiguration) {}

    public record UpdateStreamStorageConfigurationRequest(String streamName, String streamARN, String currentVersion,
            StreamStorageConfiguration streamStorageConfiguration) implements StreamReference {}

    public record DescribeMediaStorageConfigurationRequest(String channelName, String channelARN) {}

    public record MediaStorageConfiguration(String streamARN, String status) {}

    public record UpdateMediaStorageConfigurationRequest(String channelARN,
            MediaStorageConfiguration mediaStorageConfiguration) {}

    public record DescribeMappedResourceConfigurationRequest(String streamName, String streamARN, Integer maxResults,
            String nextToken) implements StreamReference {}

    public record MappedResourceConfigurationListItem(String type, @JsonProperty("ARN") String arn) {}

    public record DescribeMappedResourceConfigurationResponse(
            List<MappedResourceConfigurationListItem> mappedResourceConfigurationList,
            String nextToken) {}

    public record ImageGenerationDestinationConfig(String uri, String destinationRegion) {}

    public record ImageGenerationConfiguration(String status, String imageSelectorType,
            ImageGenerationDestinationConfig destinationConfig, Integer samplingInterval, String format,
            Map<String, String> formatConfig, Integer widthPixels, Integer heightPixels) {}

    public record UpdateImageGenerationConfigurationRequest(String streamName, String streamARN,
            ImageGenerationConfiguration imageGenerationConfiguration) implements StreamReference {}

    public record StreamRequest(String streamName, String streamARN) implements StreamReference {}

    public record DescribeImageGenerationConfigurationResponse(
            ImageGenerationConfiguration imageGenerationConfiguration) {}

    public record NotificationDestinationConfig(String uri) {}

    public record NotificationConfiguration(String status, NotificationDestinationConfig destinationConfig) {}

    public record UpdateNotificationConfigurationRequest(String streamName, String streamARN,
            NotificationConfiguration notificationConfiguration) implements StreamReference {}

    public record DescribeNotificationConfigurationResponse(NotificationConfiguration notificationConfiguration) {}
}
