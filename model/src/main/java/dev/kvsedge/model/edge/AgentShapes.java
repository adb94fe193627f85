package dev.kvsedge.model.edge;

import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Shapes of kvs-edge's documented extensions (table {@code kvs-edge-extensions.json}): the agent
 * protocol that the public API lacks, and the admin calls that mint agent credentials.
 */
public final class AgentShapes {
    private AgentShapes() {}

    /**
     * @param agentVersion the agent's version, for the hub page (optional: agents before it leave it out)
     * @param timeZone the zone the agent evaluates schedules in (optional, as agentVersion)
     */
    public record WaitForEdgeAgentChangesRequest(String hubDeviceArn, @Nullable Long since,
            @Nullable Integer waitSeconds, @Nullable String agentVersion, @Nullable String timeZone) {
        public WaitForEdgeAgentChangesRequest(String hubDeviceArn, Long since, Integer waitSeconds) {
            this(hubDeviceArn, since, waitSeconds, null, null);
        }
    }

    public record WaitForEdgeAgentChangesResponse(Long sequence) {}

    /** status: RECEIVED, APPLIED or FAILED, for the configuration the agent holds ({@code edgeConfig}). */
    public record AcknowledgeEdgeConfigurationRequest(String streamARN, EdgeConfig edgeConfig, String status,
            @Nullable String failedStatusDetails) {}

    /** status: RECEIVED, DELETED or FAILED. */
    public record ConfirmEdgeConfigurationDeletionRequest(String streamARN, String status,
            @Nullable String failedStatusDetails) {}

    public record AgentJobStatus(String status, @Nullable String jobStatusDetails,
            @Nullable Instant lastCollectedTime) {}

    /** @param backlog what waits on the hub for upload (optional: agents before it leave it out) */
    public record ReportEdgeAgentStatusRequest(String streamARN, @Nullable AgentJobStatus recorderStatus,
            @Nullable AgentJobStatus uploaderStatus, @Nullable AgentBacklog backlog) {
        public ReportEdgeAgentStatusRequest(String streamARN, AgentJobStatus recorderStatus,
                AgentJobStatus uploaderStatus) {
            this(streamARN, recorderStatus, uploaderStatus, null);
        }
    }

    /**
     * The stream's segments recorded on the hub and not uploaded yet.
     *
     * @param pendingRanges the recorded spans those segments cover, oldest first (at most 100, the newest kept)
     */
    public record AgentBacklog(Long segments, Long bytes, @Nullable Instant oldestRecordingTime,
            @Nullable List<TimeRange> pendingRanges) {}

    /** A span of recorded media or of a schedule's window; the console's shapes use it too. */
    public record TimeRange(Instant startTimestamp, Instant endTimestamp) {}

    public record CreateAgentCredentialsRequest(String hubDeviceArn) {}

    public record CreateAgentCredentialsResponse(String accessKeyId, String secretAccessKey, String hubDeviceArn) {}

    public record ListAgentCredentialsRequest(@Nullable String hubDeviceArn) {}

    public record AgentCredentialSummary(String accessKeyId, String hubDeviceArn, Instant creationTime) {}

    public record ListAgentCredentialsResponse(List<AgentCredentialSummary> agentCredentials) {}

    public record DeleteAgentCredentialsRequest(String accessKeyId) {}
}
