package dev.kvsedge.model.streams;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Request and response shapes of the kinesisvideo stream and tag operations, named and laid out as
 * in the AWS model. Absent members are null.
 */
public final class StreamShapes {
    private StreamShapes() {}

    /** A stream named by name or by ARN (exactly one of them). */
    public interface StreamReference {
        @Nullable
        String streamName();

        @Nullable
        String streamARN();
    }

    public record StreamStorageConfiguration(String defaultStorageTier) {}

    public record CreateStreamRequest(@Nullable String deviceName, String streamName, @Nullable String mediaType,
            @Nullable String kmsKeyId, @Nullable Integer dataRetentionInHours, @Nullable Map<String, String> tags,
            @Nullable StreamStorageConfiguration streamStorageConfiguration) {}

    public record CreateStreamResponse(String streamARN) {}

    public record DescribeStreamRequest(@Nullable String streamName,
            @Nullable String streamARN) implements StreamReference {}

    public record StreamInfo(@Nullable String deviceName, String streamName, String streamARN,
            @Nullable String mediaType, @Nullable String kmsKeyId, String version, String status, Instant creationTime,
            Integer dataRetentionInHours) {}

    public record DescribeStreamResponse(StreamInfo streamInfo) {}

    public record StreamNameCondition(@Nullable String comparisonOperator, @Nullable String comparisonValue) {}

    public record ListStreamsRequest(@Nullable Integer maxResults, @Nullable String nextToken,
            @Nullable StreamNameCondition streamNameCondition) {}

    public record ListStreamsResponse(List<StreamInfo> streamInfoList, @Nullable String nextToken) {}

    public record DeleteStreamRequest(String streamARN, @Nullable String currentVersion) {}

    public record UpdateStreamRequest(@Nullable String streamName, @Nullable String streamARN, String currentVersion,
            @Nullable String deviceName, @Nullable String mediaType) implements StreamReference {}

    public record UpdateDataRetentionRequest(@Nullable String streamName, @Nullable String streamARN,
            String currentVersion, String operation, Integer dataRetentionChangeInHours) implements StreamReference {}

    public record TagStreamRequest(@Nullable String streamARN, @Nullable String streamName,
            Map<String, String> tags) implements StreamReference {}

    public record UntagStreamRequest(@Nullable String streamARN, @Nullable String streamName,
            List<String> tagKeyList) implements StreamReference {}

    public record ListTagsForStreamRequest(@Nullable String nextToken, @Nullable String streamARN,
            @Nullable String streamName) implements StreamReference {}

    public record ListTagsResponse(@Nullable String nextToken, Map<String, String> tags) {}

    public record Tag(String key, String value) {}

    public record TagResourceRequest(String resourceARN, List<Tag> tags) {}

    public record UntagResourceRequest(String resourceARN, List<String> tagKeyList) {}

    public record ListTagsForResourceRequest(@Nullable String nextToken, String resourceARN) {}

    public record GetDataEndpointRequest(@Nullable String streamName, @Nullable String streamARN,
            @JsonProperty("APIName") String apiName)
            implements
                StreamReference {}

    public record GetDataEndpointResponse(String dataEndpoint) {}
}
