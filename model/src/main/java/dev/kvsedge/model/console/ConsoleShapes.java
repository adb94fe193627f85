package dev.kvsedge.model.console;

import dev.kvsedge.model.edge.AgentShapes.AgentCredentialSummary;
import dev.kvsedge.model.edge.AgentShapes.TimeRange;
import dev.kvsedge.model.edge.EdgeShapes.EdgeAgentStatus;
import dev.kvsedge.model.streams.StreamShapes.StreamReference;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shapes of the extension operations that the web console needs and the public API lacks (table
 * {@code kvs-edge-extensions.json}, documented in docs/console-api.md): hub devices with their agents,
 * an edge configuration's sync history, schedules in words, and a stream's recorded coverage.
 */
public final class ConsoleShapes {
    private ConsoleShapes() {}

    public record ListHubDevicesRequest(@Nullable String hubDeviceArn) {}

    public record ListHubDevicesResponse(List<HubDevice> hubDevices) {}

    /**
     * @param health ONLINE, OFFLINE, REVOKED or NEVER_CONNECTED
     * @param agentCredentials the hub's agent key pairs (never their secrets)
     */
    public record HubDevice(String hubDeviceArn, String health, String healthDetails, Instant lastContactTime,
            String agentVersion, String timeZone, List<AgentCredentialSummary> agentCredentials,
            List<HubEdgeConfiguration> edgeConfigurations) {}

    public record HubEdgeConfiguration(String streamName, String streamARN, String syncStatus,
            String failedStatusDetails, Instant lastUpdatedTime, EdgeAgentStatus edgeAgentStatus,
            StreamBacklog backlog) {}

    /** What the hub's agent last said it holds for the stream and has not uploaded yet. */
    public record StreamBacklog(Long segments, Long bytes, Instant oldestRecordingTime, List<TimeRange> pendingRanges,
            Instant reportedTime) {}

    public record ListEdgeSyncHistoryRequest(@Nullable String streamName, @Nullable String streamARN,
            @Nullable Integer maxResults)
            implements
                StreamReference {}

    public record ListEdgeSyncHistoryResponse(List<SyncHistoryEvent> events) {}

    /** @param syncStatus a SyncStatus, or DELETED when the configuration was removed */
    public record SyncHistoryEvent(Instant time, String syncStatus, String failedStatusDetails) {}

    public record DescribeScheduleRequest(String scheduleExpression, @Nullable Integer durationInSeconds,
            @Nullable String hubDeviceArn, @Nullable String timeZone, @Nullable Integer count) {}

    public record DescribeScheduleResponse(String description, String timeZone, List<TimeRange> nextWindows) {}

    public record GetMediaCoverageRequest(@Nullable String streamName, @Nullable String streamARN,
            Instant startTimestamp, Instant endTimestamp, @Nullable Long minGapMillis,
            @Nullable Integer maxRanges) implements StreamReference {}

    public record GetMediaCoverageResponse(List<CoverageRange> ranges, Boolean truncated,
            @Nullable FragmentSummary latestFragment) {}

    public record CoverageRange(Instant startTimestamp, Instant endTimestamp, Long fragmentCount, Long bytes) {}

    public record FragmentSummary(String fragmentNumber, Instant producerTimestamp, Instant serverTimestamp) {}

    public record ListStreamActivityRequest(List<String> streamNames) {}

    public record ListStreamActivityResponse(List<StreamActivity> streams) {}

    public record StreamActivity(String streamName, String streamARN, @Nullable FragmentSummary latestFragment,
            @Nullable String hubDeviceArn, @Nullable String syncStatus, @Nullable EdgeAgentStatus edgeAgentStatus) {}
}
