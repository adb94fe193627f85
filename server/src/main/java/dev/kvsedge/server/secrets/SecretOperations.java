package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import dev.kvsedge.server.http.Operations;

/**
 * The wire side of the secretsmanager operations: each to one {@link SecretService} method. Only
 * GetSecretValue is open to edge agents (the service checks the secret is their hub's); the
 * operations not listed answer UnsupportedOperationException.
 */
public final class SecretOperations {
    private SecretOperations() {
    }

    public static void register(Operations operations, SecretService secrets) {
        operations
                .add("CreateSecret", CreateSecretRequest.class, secrets::create)
                .addForAgents("GetSecretValue", GetSecretValueRequest.class, secrets::getValue)
                .add("PutSecretValue", PutSecretValueRequest.class, secrets::putValue)
                .add("UpdateSecret", UpdateSecretRequest.class, secrets::update)
                .add("DescribeSecret", DescribeSecretRequest.class, secrets::describe)
                .add("ListSecrets", ListSecretsRequest.class, secrets::list)
                .add("DeleteSecret", DeleteSecretRequest.class, secrets::delete)
                .add("RestoreSecret", RestoreSecretRequest.class, secrets::restore)
                .addVoid("TagResource", TagResourceRequest.class, secrets::tag)
                .addVoid("UntagResource", UntagResourceRequest.class, secrets::untag);
    }
}
