package dev.kvsedge.server.edge;

import static dev.kvsedge.model.edge.AgentShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.Arns;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.edge.EdgeConfigStore.EdgeWrite;
import dev.kvsedge.server.streams.StreamKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's side of the sync protocol (kvs-edge's extension, see docs/agent-protocol.md): a
 * long-poll for changes, acknowledgements of configurations and deletions, and job status reports.
 * An agent may touch only the configurations bound to its own hub device; admins may act for any.
 */
public final class EdgeAgentService {
    private static final int DEFAULT_WAIT_SECONDS = 20;
    private static final Map<String, SyncEvent> SYNC_REPORTS = Map.of(
            "RECEIVED", SyncEvent.AGENT_RECEIVED, "APPLIED", SyncEvent.AGENT_APPLIED, "FAILED", SyncEvent.AGENT_FAILED);
    private static final Map<String, SyncEvent> DELETION_REPORTS = Map.of(
            "RECEIVED", SyncEvent.AGENT_DELETE_RECEIVED, "DELETED", SyncEvent.AGENT_DELETED, "FAILED",
            SyncEvent.AGENT_DELETE_FAILED);

    private final EdgeService edge;

    public EdgeAgentService(EdgeService edge) {
        this.edge = edge;
    }

    public WaitForEdgeAgentChangesResponse waitForChanges(Scope scope, String agentHub,
            WaitForEdgeAgentChangesRequest request) {
        requireOwnHub(agentHub, request.hubDeviceArn());
        long since = request.since() == null ? 0 : request.since();
        Duration wait = Duration
                .ofSeconds(request.waitSeconds() == null ? DEFAULT_WAIT_SECONDS : request.waitSeconds());
        edge.presence().pollStarted(request.hubDeviceArn(), edge.now());
        try {
            return new WaitForEdgeAgentChangesResponse(edge.changes().await(request.hubDeviceArn(), since, wait,
                    () -> edge.store().hubSequence(request.hubDeviceArn())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "The server is shutting down.");
        } finally {
            edge.presence().pollEnded(request.hubDeviceArn(), edge.now());
        }
    }

    public void acknowledge(Scope scope, String agentHub, AcknowledgeEdgeConfigurationRequest request) {
        SyncEvent event = SYNC_REPORTS.get(request.status());
        report(scope, agentHub, request.streamARN(), event, (current, now) -> {
            if (!current.config().equals(EdgeDefaults.apply(request.edgeConfig()))) {
                return EdgeWrite.unchanged(Optional.of(current)); // about a version since replaced
            }
            String details = event == SyncEvent.AGENT_FAILED ? request.failedStatusDetails() : null;
            return transition(current, event, details, now);
        });
    }

    public void confirmDeletion(Scope scope, String agentHub, ConfirmEdgeConfigurationDeletionRequest request) {
        SyncEvent event = DELETION_REPORTS.get(request.status());
        report(scope, agentHub, request.streamARN(), event, (current, now) -> {
            String details = event == SyncEvent.AGENT_DELETE_FAILED ? request.failedStatusDetails() : null;
            return transition(current, event, details, now);
        });
    }

    public void reportStatus(Scope scope, String agentHub, ReportEdgeAgentStatusRequest request) {
        report(scope, agentHub, request.streamARN(), null, (current, now) -> EdgeWrite.store(current.withReports(
                job(request.recorderStatus(), current.recorder(), now),
                job(request.uploaderStatus(), current.uploader(), now)), false));
    }

    private EdgeWrite transition(EdgeConfiguration current, SyncEvent event, String details, Instant now) {
        return SyncTransitions.of(current.status(), event).map(t -> {
            if (t.next() == null) {
                return EdgeWrite.remove(false);
            }
            return EdgeWrite.store(current.withState(t.next(), details, now, edge.deadline(t, current.deadline(), now))
                    .markDelivered(), false);
        }).orElse(EdgeWrite.unchanged(Optional.of(current)));
    }

    private static AgentJobReport job(AgentJobStatus reported, AgentJobReport previous, Instant now) {
        return reported == null
                ? previous
                : new AgentJobReport(reported.status(), reported.jobStatusDetails(), reported.lastCollectedTime(), now);
    }

    @FunctionalInterface
    private interface Report {
        EdgeWrite apply(EdgeConfiguration current, Instant now);
    }

    /** @param event the sync event reported, or null for a job status report (which changes no state) */
    private void report(Scope scope, String agentHub, String streamArn, SyncEvent event, Report report) {
        StreamKey key = keyOf(scope, streamArn);
        Instant now = edge.now();
        EdgeConfigStore.EdgeChange change = (current, hubs) -> {
            EdgeConfiguration config = current.filter(c -> c.streamArn().equals(streamArn))
                    .orElseThrow(() -> EdgeService.notFound(key));
            requireOwnHub(agentHub, config.hubDeviceArn());
            return report.apply(config, now);
        };
        if (event == null) {
            edge.store().update(key, change);
        } else {
            edge.update(key, event, change);
        }
    }

    private static StreamKey keyOf(Scope scope, String streamArn) {
        Arns.ResourceArn arn = Arns.parse(streamArn)
                .orElseThrow(() -> new ApiException(ErrorCode.INVALID_RESOURCE_FORMAT,
                        "The format of the ARN " + streamArn + " is invalid."));
        if (!arn.type().equals("stream") || !arn.accountId().equals(scope.accountId())
                || !arn.region().equals(scope.region())) {
            throw ApiException.notFound("The requested stream is not found or not active.");
        }
        return new StreamKey(scope, arn.name());
    }

    private static void requireOwnHub(String agentHub, String hubDeviceArn) {
        if (agentHub != null && !agentHub.equals(hubDeviceArn)) {
            throw new ApiException(ErrorCode.ACCESS_DENIED,
                    "An edge agent can only act on the configurations of its own hub device.");
        }
    }
}
