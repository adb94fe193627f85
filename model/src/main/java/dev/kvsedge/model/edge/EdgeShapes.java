package dev.kvsedge.model.edge;

import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request and response shapes of the four edge configuration operations, as in the AWS model. */
public final class EdgeShapes {
    private EdgeShapes() {}

    public record ScheduleConfig(String scheduleExpression, Integer durationInSeconds) {}

    public record MediaSourceConfig(String mediaUriSecretArn, String mediaUriType) {}

    public record RecorderConfig(MediaSourceConfig mediaSourceConfig, @Nullable ScheduleConfig scheduleConfig) {}

    public record UploaderConfig(ScheduleConfig scheduleConfig) {}

    public record LocalSizeConfig(@Nullable Integer maxLocalMediaSizeInMB, @Nullable String strategyOnFullSize) {}

    public record DeletionConfig(@Nullable Integer edgeRetentionInHours, @Nullable LocalSizeConfig localSizeConfig,
            @Nullable Boolean deleteAfterUpload) {}

    public record EdgeConfig(String hubDeviceArn, RecorderConfig recorderConfig,
            @Nullable UploaderConfig uploaderConfig, @Nullable DeletionConfig deletionConfig) {}

    public record StartEdgeConfigurationUpdateRequest(@Nullable String streamName, @Nullable String streamARN,
            EdgeConfig edgeConfig)
            implements
                StreamReference {}

    public record DescribeEdgeConfigurationRequest(@Nullable String streamName,
            @Nullable String streamARN) implements StreamReference {}

    public record DeleteEdgeConfigurationRequest(@Nullable String streamName,
            @Nullable String streamARN) implements StreamReference {}

    public record LastRecorderStatus(String jobStatusDetails, Instant lastCollectedTime, Instant lastUpdatedTime,
            String recorderStatus) {}

    public record LastUploaderStatus(String jobStatusDetails, Instant lastCollectedTime, Instant lastUpdatedTime,
            String uploaderStatus) {}

    public record EdgeAgentStatus(LastRecorderStatus lastRecorderStatus, LastUploaderStatus lastUploaderStatus) {}

    /** The output of StartEdgeConfigurationUpdate and DescribeEdgeConfiguration (Start leaves EdgeAgentStatus out). */
    public record EdgeConfigurationDescription(String streamName, String streamARN, Instant creationTime,
            Instant lastUpdatedTime, String syncStatus, String failedStatusDetails, EdgeConfig edgeConfig,
            EdgeAgentStatus edgeAgentStatus) {}

    public record ListEdgeAgentConfigurationsRequest(String hubDeviceArn, @Nullable Integer maxResults,
            @Nullable String nextToken) {}

    public record ListEdgeAgentConfigurationsEdgeConfig(String streamName, String streamARN, Instant creationTime,
            Instant lastUpdatedTime, String syncStatus, String failedStatusDetails, EdgeConfig edgeConfig) {}

    public record ListEdgeAgentConfigurationsResponse(List<ListEdgeAgentConfigurationsEdgeConfig> edgeConfigs,
            String nextToken) {}
}
