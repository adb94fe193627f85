package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import dev.kvsedge.server.http.Operations;

/**
 * The wire side of the secretsmanager operations: each to one domain method. Edge agents may call GetSecretValue
 * and BatchGetSecretValue (the service checks each secret is their hub's); rotation (RotateSecret,
 * CancelRotateSecret) answers UnsupportedOperationException.
 */
public final class SecretOperations {
    private SecretOperations() {}

    public static void register(Operations operations, SecretService secrets) {
        operations
                .add("CreateSecret", CreateSecretRequest.class, secrets::create)
                .addForAgents("GetSecretValue", GetSecretValueRequest.class, secrets::getValue)
                .addForAgents("BatchGetSecretValue", BatchGetSecretValueRequest.class, secrets.batches()::get)
                .add("PutSecretValue", PutSecretValueRequest.class, secrets::putValue)
                .add("UpdateSecret", UpdateSecretRequest.class, secrets::update)
                .add("DescribeSecret", DescribeSecretRequest.class, secrets::describe)
                .add("ListSecrets", ListSecretsRequest.class, secrets::list)
                .add("DeleteSecret", DeleteSecretRequest.class, secrets::delete)
                .add("RestoreSecret", RestoreSecretRequest.class, secrets::restore)
                .addVoid("TagResource", TagResourceRequest.class, secrets::tag)
                .addVoid("UntagResource", UntagResourceRequest.class, secrets::untag)
                .add("ListSecretVersionIds", ListSecretVersionIdsRequest.class, secrets.versionLabels()::list)
                .add("UpdateSecretVersionStage", UpdateSecretVersionStageRequest.class,
                        secrets.versionLabels()::updateStage)
                .add("GetRandomPassword", GetRandomPasswordRequest.class,
                        (scope, request) -> RandomPasswords.generate(request))
                .add("GetResourcePolicy", SecretIdRequest.class, secrets.policies()::get)
                .add("PutResourcePolicy", PutResourcePolicyRequest.class, secrets.policies()::put)
                .add("DeleteResourcePolicy", SecretIdRequest.class, secrets.policies()::delete)
                .add("ValidateResourcePolicy", ValidateResourcePolicyRequest.class, secrets.policies()::validate)
                .add("ReplicateSecretToRegions", ReplicateSecretToRegionsRequest.class,
                        secrets.replication()::replicateToRegions)
                .add("RemoveRegionsFromReplication", RemoveRegionsFromReplicationRequest.class,
                        secrets.replication()::removeRegions)
                .add("StopReplicationToReplica", SecretIdRequest.class, secrets.replication()::stop);
    }
}
