package dev.kvsedge.server.agents;

import static dev.kvsedge.model.edge.AgentShapes.*;

import dev.kvsedge.server.http.Operations;

/** The wire side of the admin calls that mint, list and revoke agent key pairs. */
public final class AgentCredentialOperations {
    private AgentCredentialOperations() {}

    public static void register(Operations operations, AgentCredentialService credentials) {
        operations
                .add("CreateAgentCredentials", CreateAgentCredentialsRequest.class, credentials::create)
                .add("ListAgentCredentials", ListAgentCredentialsRequest.class, credentials::list)
                .addVoid("DeleteAgentCredentials", DeleteAgentCredentialsRequest.class, credentials::delete);
    }
}
