package dev.kvsedge.model.streams;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Request and response shapes of the kinesisvideo stream and tag operations, named and laid out as
 * in the AWS model. Absent members are null.
 */
public final class StreamShapes {
    private StreamShapes() {}

    /** A stream named by name or by ARN (exactly one of them). */
    public interface StreamReference {
        String streamName();

        String streamARN();
    }

    public record StreamStorageConfiguration(String defaultStorageTier) {}

    public record CreateStreamRequest(String deviceName, String streamName, String mediaType, String kmsKeyId,
            Integer dataRetentionInHours, Map<String, String> tags,
            StreamStorageConfiguration streamStorageConfiguration) {}

    public record CreateStreamResponse(String streamARN) {}

    public record DescribeStreamRequest(String streamName, String streamARN) implements StreamReference {}

    public record StreamInfo(String deviceName, String streamName, String streamARN, String mediaType, String kmsKeyId,
            String version, String status, Instant creationTime, Integer dataRetentionInHours) {}

    public record DescribeStreamResponse(StreamInfo streamInfo) {}

    public record StreamNameCondition(String comparisonOperator, String comparisonValue) {}

    public record ListStreamsRequest(Integer maxResults, String nextToken, StreamNameCondition streamNameCondition) {}

    public record ListStreamsResponse(List<StreamInfo> streamInfoList, String nextToken) {}

    public record DeleteStreamRequest(String streamARN, String currentVersion) {}

    public record UpdateStreamRequest(String streamName, String streamARN, String currentVersion, String deviceName,
            String mediaType) implements StreamReference {}

    public record UpdateDataRetentionRequest(String streamName, String streamARN, String currentVersion,
            String operation,
            Integer dataRetentionChangeInHours) implements StreamReference {}

    public record TagStreamRequest(String streamARN, String streamName,
            Map<String, String> tags) implements StreamReference {}

    public record UntagStreamRequest(String streamARN, String streamName,
            List<String> tagKeyList) implements StreamReference {}

    public record ListTagsForStreamRequest(String nextToken, String streamARN,
            String streamName) implements StreamReference {}

    public record ListTagsResponse(String nextToken, Map<String, String> tags) {}

    public record Tag(String key, String value) {}

    public record TagResourceRequest(String resourceARN, List<Tag> tags) {}

    public record UntagResourceRequest(String resourceARN, List<String> tagKeyList) {}

    public record ListTagsForResourceRequest(String nextToken, String resourceARN) {}

    public record GetDataEndpointRequest(String streamName, String streamARN, @JsonProperty("APIName") String apiName)
            implements
                StreamReference {}

    public record GetDataEndpointResponse(String dataEndpoint) {}
}
