package dev.kvsedge.server.edge;

import static dev.kvsedge.model.edge.AgentShapes.*;
import static dev.kvsedge.model.edge.EdgeShapes.*;

import dev.kvsedge.server.http.Operations;

/** The wire side of the edge operations: the four public ones and the agent protocol extension. */
public final class EdgeOperations {
    private EdgeOperations() {}

    public static void register(Operations operations, EdgeService edge, EdgeAgentService agents) {
        operations
                .add("StartEdgeConfigurationUpdate", StartEdgeConfigurationUpdateRequest.class, edge::start)
                .add("DescribeEdgeConfiguration", DescribeEdgeConfigurationRequest.class, edge::describe)
                .addVoid("DeleteEdgeConfiguration", DeleteEdgeConfigurationRequest.class, edge::delete)
                .addForAgents("ListEdgeAgentConfigurations", ListEdgeAgentConfigurationsRequest.class, edge::list)
                .addForAgents("WaitForEdgeAgentChanges", WaitForEdgeAgentChangesRequest.class, agents::waitForChanges)
                .addVoidForAgents("AcknowledgeEdgeConfiguration", AcknowledgeEdgeConfigurationRequest.class,
                        agents::acknowledge)
                .addVoidForAgents("ConfirmEdgeConfigurationDeletion", ConfirmEdgeConfigurationDeletionRequest.class,
                        agents::confirmDeletion)
                .addVoidForAgents("ReportEdgeAgentStatus", ReportEdgeAgentStatusRequest.class, agents::reportStatus);
    }
}
