package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.segments.Backlog;
import dev.kvsedge.agent.status.JobStatus;
import dev.kvsedge.model.edge.AgentShapes.AcknowledgeEdgeConfigurationRequest;
import dev.kvsedge.model.edge.AgentShapes.AgentBacklog;
import dev.kvsedge.model.edge.AgentShapes.AgentJobStatus;
import dev.kvsedge.model.edge.AgentShapes.ConfirmEdgeConfigurationDeletionRequest;
import dev.kvsedge.model.edge.AgentShapes.ReportEdgeAgentStatusRequest;
import dev.kvsedge.model.edge.AgentShapes.TimeRange;
import dev.kvsedge.model.edge.AgentShapes.WaitForEdgeAgentChangesRequest;
import dev.kvsedge.model.edge.AgentShapes.WaitForEdgeAgentChangesResponse;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.ListEdgeAgentConfigurationsEdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.ListEdgeAgentConfigurationsRequest;
import dev.kvsedge.model.edge.EdgeShapes.ListEdgeAgentConfigurationsResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The agent side of the sync protocol (docs/agent-protocol.md): one method per operation, for one hub device. */
public final class AgentClient {
    private static final String SERVICE = "kinesisvideo";
    /** How long a call may go unanswered: a stalled server shows as unreachable within it (a long-poll's wait more). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_GRACE = Duration.ofSeconds(5);
    /** ListEdgeAgentConfigurations' largest page. */
    private static final int PAGE = 10;

    private final SignedJsonClient http;
    private final String region;
    private final String hubDeviceArn;
    private final String version;
    private final String timeZone;

    public AgentClient(SignedJsonClient http, String region, String hubDeviceArn) {
        this(http, region, hubDeviceArn, null, null);
    }

    /** @param version and {@code timeZone} are told to the server with each long-poll, for its hub page (may be null) */
    public AgentClient(SignedJsonClient http, String region, String hubDeviceArn, String version, String timeZone) {
        this.http = http;
        this.region = region;
        this.hubDeviceArn = hubDeviceArn;
        this.version = version;
        this.timeZone = timeZone;
    }

    public String hubDeviceArn() {
        return hubDeviceArn;
    }

    /** The server's URL. */
    public java.net.URI endpoint() {
        return http.endpoint();
    }

    /** Blocks until the hub's sequence passes {@code since} or {@code waitSeconds} pass; returns the sequence. */
    public long waitForChanges(long since, int waitSeconds) throws IOException, InterruptedException, ApiCallException {
        WaitForEdgeAgentChangesResponse response = SignedJsonClient.decode(
                http.call("/edgeAgent/waitForChanges", null, region, SERVICE,
                        new WaitForEdgeAgentChangesRequest(hubDeviceArn, since, waitSeconds, version, timeZone),
                        POLL_GRACE.plusSeconds(waitSeconds)),
                WaitForEdgeAgentChangesResponse.class);
        return response.sequence() == null ? since : response.sequence();
    }

    /** Every configuration bound to the hub, all pages. */
    public List<ListEdgeAgentConfigurationsEdgeConfig> listConfigurations()
            throws IOException, InterruptedException, ApiCallException {
        List<ListEdgeAgentConfigurationsEdgeConfig> all = new ArrayList<>();
        String token = null;
        do {
            ListEdgeAgentConfigurationsResponse page = SignedJsonClient.decode(
                    http.call("/listEdgeAgentConfigurations", null, region, SERVICE,
                            new ListEdgeAgentConfigurationsRequest(hubDeviceArn, PAGE, token), CALL_TIMEOUT),
                    ListEdgeAgentConfigurationsResponse.class);
            if (page.edgeConfigs() != null) {
                all.addAll(page.edgeConfigs());
            }
            token = page.nextToken();
        } while (token != null);
        return all;
    }

    /** @param status RECEIVED, APPLIED or FAILED, about {@code edgeConfig} exactly as listed */
    public void acknowledge(String streamArn, EdgeConfig edgeConfig, String status, String failure)
            throws IOException, InterruptedException, ApiCallException {
        http.call("/edgeAgent/acknowledgeEdgeConfiguration", null, region, SERVICE,
                new AcknowledgeEdgeConfigurationRequest(streamArn, edgeConfig, status, clip(failure)), CALL_TIMEOUT);
    }

    /** @param status RECEIVED, DELETED or FAILED */
    public void confirmDeletion(String streamArn, String status, String failure)
            throws IOException, InterruptedException, ApiCallException {
        http.call("/edgeAgent/confirmEdgeConfigurationDeletion", null, region, SERVICE,
                new ConfirmEdgeConfigurationDeletionRequest(streamArn, status, clip(failure)), CALL_TIMEOUT);
    }

    public void reportStatus(String streamArn, JobStatus recorder, JobStatus uploader)
            throws IOException, InterruptedException, ApiCallException {
        reportStatus(streamArn, recorder, uploader, null);
    }

    /** @param backlog what waits on the hub for upload, or null (a server before the console ignores it) */
    public void reportStatus(String streamArn, JobStatus recorder, JobStatus uploader, Backlog backlog)
            throws IOException, InterruptedException, ApiCallException {
        http.call("/edgeAgent/reportEdgeAgentStatus", null, region, SERVICE,
                new ReportEdgeAgentStatusRequest(streamArn, wire(recorder), wire(uploader), wire(backlog)),
                CALL_TIMEOUT);
    }

    private static AgentBacklog wire(Backlog backlog) {
        return backlog == null
                ? null
                : new AgentBacklog(backlog.segments(), backlog.bytes(), backlog.oldestRecording(),
                        backlog.pending().stream().map(s -> new TimeRange(s.start(), s.end())).toList());
    }

    private static AgentJobStatus wire(JobStatus status) {
        return status == null ? null : new AgentJobStatus(status.kind().name(), status.details(), status.collected());
    }

    /** FailedStatusDetails holds at most 2048 characters. */
    private static String clip(String text) {
        return text == null || text.length() <= JobStatus.MAX_DETAILS ? text : text.substring(0, JobStatus.MAX_DETAILS);
    }
}
