package dev.kvsedge.server.hubs;

import static dev.kvsedge.model.console.ConsoleShapes.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.edge.AgentShapes.ReportEdgeAgentStatusRequest;
import dev.kvsedge.model.edge.AgentShapes.WaitForEdgeAgentChangesRequest;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.auth.Caller;
import dev.kvsedge.server.http.OperationHandler;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.timeline.TimelineService;
import java.util.HashMap;
import java.util.Map;

/**
 * The wire side of the console's extension operations (docs/console-api.md), and the taps on the agent protocol
 * that feed the hub page: each long-poll is a contact, each status report may carry the stream's backlog.
 */
public final class HubOperations {
    static final String POLL = "WaitForEdgeAgentChanges";
    static final String REPORT = "ReportEdgeAgentStatus";

    private HubOperations() {}

    public static void register(Operations operations, HubService hubs, TimelineService timeline) {
        operations
                .addForAgents("ListHubDevices", ListHubDevicesRequest.class, hubs::list)
                .addForAgents("DescribeSchedule", DescribeScheduleRequest.class, hubs::describeSchedule)
                .add("ListEdgeSyncHistory", ListEdgeSyncHistoryRequest.class, hubs::history)
                .add("GetMediaCoverage", GetMediaCoverageRequest.class, timeline::coverage)
                .add("ListStreamActivity", ListStreamActivityRequest.class, timeline::activity);
    }

    /**
     * The operation table with the agent's long-poll and status report observed: a poll is noted as the hub's
     * contact when it starts and when it ends; a report's backlog is kept once the report itself was accepted.
     */
    public static Map<String, OperationHandler> observingAgents(Map<String, OperationHandler> handlers,
            HubService hubs) {
        Map<String, OperationHandler> observed = new HashMap<>(handlers);
        OperationHandler poll = handlers.get(POLL);
        observed.put(POLL, new OperationHandler(poll.agentsAllowed(), poll.input(), (caller, input) -> {
            WaitForEdgeAgentChangesRequest request = decode(input, WaitForEdgeAgentChangesRequest.class);
            polled(hubs, caller, request);
            Object output = poll.handle(caller, input);
            polled(hubs, caller, request);
            return output;
        }));
        OperationHandler report = handlers.get(REPORT);
        observed.put(REPORT, new OperationHandler(report.agentsAllowed(), report.input(), (caller, input) -> {
            Object output = report.handle(caller, input);
            ReportEdgeAgentStatusRequest request = decode(input, ReportEdgeAgentStatusRequest.class);
            hubs.backlogReported(request.streamARN(), request.backlog());
            return output;
        }));
        return Map.copyOf(observed);
    }

    private static void polled(HubService hubs, Caller caller, WaitForEdgeAgentChangesRequest request) {
        hubs.agentPolled(new Scope(caller.principal().accountId(), caller.region()), caller.principal().hubDeviceArn(),
                request.hubDeviceArn(), caller.accessKeyId(), request.agentVersion(), request.timeZone());
    }

    private static <I> I decode(JsonNode node, Class<I> type) {
        try {
            return ApiJson.mapper().treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.SERIALIZATION,
                    "The request body does not match the " + type.getSimpleName() + " shape.");
        }
    }
}
