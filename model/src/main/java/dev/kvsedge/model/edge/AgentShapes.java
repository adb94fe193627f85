package dev.kvsedge.model.edge;

import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import java.time.Instant;
import java.util.List;

/**
 * Shapes of kvs-edge's documented extensions (table {@code kvs-edge-extensions.json}): the agent
 * protocol that the public API lacks, and the admin calls that mint agent credentials.
 */
public final class AgentShapes {
    private AgentShapes() {
    }

    public record WaitForEdgeAgentChangesRequest(String hubDeviceArn, Long since, Integer waitSeconds) {
    }

    public record WaitForEdgeAgentChangesResponse(Long sequence) {
    }

    /** status: RECEIVED, APPLIED or FAILED, for the configuration the agent holds ({@code edgeConfig}). */
    public record AcknowledgeEdgeConfigurationRequest(String streamARN, EdgeConfig edgeConfig, String status,
            String failedStatusDetails) {
    }

    /** status: RECEIVED, DELETED or FAILED. */
    public record ConfirmEdgeConfigurationDeletionRequest(String streamARN, String status, String failedStatusDetails) {
    }

    public record AgentJobStatus(String status, String jobStatusDetails, Instant lastCollectedTime) {
    }

    public record ReportEdgeAgentStatusRequest(String streamARN, AgentJobStatus recorderStatus, AgentJobStatus uploaderStatus) {
    }

    public record CreateAgentCredentialsRequest(String hubDeviceArn) {
    }

    public record CreateAgentCredentialsResponse(String accessKeyId, String secretAccessKey, String hubDeviceArn) {
    }

    public record ListAgentCredentialsRequest(String hubDeviceArn) {
    }

    public record AgentCredentialSummary(String accessKeyId, String hubDeviceArn, Instant creationTime) {
    }

    public record ListAgentCredentialsResponse(List<AgentCredentialSummary> agentCredentials) {
    }

    public record DeleteAgentCredentialsRequest(String accessKeyId) {
    }
}
