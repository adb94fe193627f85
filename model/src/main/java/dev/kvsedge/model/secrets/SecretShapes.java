package dev.kvsedge.model.secrets;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Request and response shapes of the Secrets Manager operations kvs-edge serves, named and laid out
 * as in the AWS model (table {@code secretsmanager.json}). Absent members are null; a
 * {@code SecretBinary} is base64 on the wire and bytes here. Records that carry a secret value
 * leave it out of {@code toString}, so a stray log line cannot reveal it.
 */
public final class SecretShapes {
    private SecretShapes() {}

    private static String redacted(@Nullable Object value) {
        return value == null ? "null" : "***";
    }

    public record Tag(@Nullable String key, @Nullable String value) {}

    public record ReplicaRegion(@Nullable String region, @Nullable String kmsKeyId) {}

    public record CreateSecretRequest(String name, @Nullable String clientRequestToken, @Nullable String description,
            @Nullable String kmsKeyId, byte @Nullable [] secretBinary, @Nullable String secretString,
            @Nullable List<Tag> tags, @Nullable List<ReplicaRegion> addReplicaRegions,
            @Nullable Boolean forceOverwriteReplicaSecret) {
        @Override
        public String toString() {
            return "CreateSecretRequest[name=" + name + ", clientRequestToken=" + clientRequestToken + ", secretBinary="
                    + redacted(secretBinary) + ", secretString=" + redacted(secretString) + "]";
        }
    }

    /** Where a primary secret is replicated to, and how that went (status InSync or Failed). */
    public record ReplicationStatus(String region, String kmsKeyId, String status, String statusMessage,
            Instant lastAccessedDate) {}

    public record CreateSecretResponse(@JsonProperty("ARN") String arn, String name, String versionId,
            List<ReplicationStatus> replicationStatus) {}

    public record GetSecretValueRequest(String secretId, @Nullable String versionId, @Nullable String versionStage) {}

    public record GetSecretValueResponse(@JsonProperty("ARN") String arn, String name, String versionId,
            byte[] secretBinary, String secretString, List<String> versionStages, Instant createdDate) {
        @Override
        public String toString() {
            return "GetSecretValueResponse[arn=" + arn + ", versionId=" + versionId + ", secretBinary="
                    + redacted(secretBinary) + ", secretString=" + redacted(secretString) + "]";
        }
    }

    public record PutSecretValueRequest(String secretId, @Nullable String clientRequestToken,
            byte @Nullable [] secretBinary, @Nullable String secretString, @Nullable List<String> versionStages,
            @Nullable String rotationToken) {
        @Override
        public String toString() {
            return "PutSecretValueRequest[secretId=" + secretId + ", clientRequestToken=" + clientRequestToken
                    + ", secretBinary=" + redacted(secretBinary) + ", secretString=" + redacted(secretString)
                    + ", versionStages=" + versionStages + "]";
        }
    }

    public record PutSecretValueResponse(@JsonProperty("ARN") String arn, String name, String versionId,
            List<String> versionStages) {}

    public record UpdateSecretRequest(String secretId, @Nullable String clientRequestToken,
            @Nullable String description, @Nullable String kmsKeyId, byte @Nullable [] secretBinary,
            @Nullable String secretString) {
        @Override
        public String toString() {
            return "UpdateSecretRequest[secretId=" + secretId + ", clientRequestToken=" + clientRequestToken
                    + ", secretBinary=" + redacted(secretBinary) + ", secretString=" + redacted(secretString) + "]";
        }
    }

    public record UpdateSecretResponse(@JsonProperty("ARN") String arn, String name, String versionId) {}

    public record DescribeSecretRequest(String secretId) {}

    /** {@code versionIdsToStages} holds the versions that have a staging label; the others are deprecated. */
    public record DescribeSecretResponse(@JsonProperty("ARN") String arn, String name, String description,
            String kmsKeyId, Instant lastChangedDate, Instant lastAccessedDate, Instant deletedDate, List<Tag> tags,
            Map<String, List<String>> versionIdsToStages, Instant createdDate, String primaryRegion,
            List<ReplicationStatus> replicationStatus) {}

    public record Filter(@Nullable String key, @Nullable List<String> values) {}

    /** sortOrder: asc or desc; sortBy: created-date (the default), last-accessed-date, last-changed-date or name. */
    public record ListSecretsRequest(@Nullable Boolean includePlannedDeletion, @Nullable Integer maxResults,
            @Nullable String nextToken, @Nullable List<Filter> filters, @Nullable String sortOrder,
            @Nullable String sortBy) {}

    public record SecretListEntry(@JsonProperty("ARN") String arn, String name, String description, String kmsKeyId,
            Instant lastChangedDate, Instant lastAccessedDate, Instant deletedDate, List<Tag> tags,
            Map<String, List<String>> secretVersionsToStages, Instant createdDate, String primaryRegion) {}

    public record ListSecretsResponse(List<SecretListEntry> secretList, String nextToken) {}

    public record DeleteSecretRequest(String secretId, @Nullable Long recoveryWindowInDays,
            @Nullable Boolean forceDeleteWithoutRecovery) {}

    public record DeleteSecretResponse(@JsonProperty("ARN") String arn, String name, Instant deletionDate) {}

    public record RestoreSecretRequest(String secretId) {}

    public record RestoreSecretResponse(@JsonProperty("ARN") String arn, String name) {}

    public record TagResourceRequest(String secretId, List<Tag> tags) {}

    public record UntagResourceRequest(String secretId, List<String> tagKeys) {}

    public record BatchGetSecretValueRequest(@Nullable List<String> secretIdList, @Nullable List<Filter> filters,
            @Nullable Integer maxResults, @Nullable String nextToken) {}

    /** One secret's current value in a BatchGetSecretValue answer; the value stays out of {@code toString}. */
    public record SecretValueEntry(@JsonProperty("ARN") String arn, String name, String versionId, byte[] secretBinary,
            String secretString, List<String> versionStages, Instant createdDate) {
        @Override
        public String toString() {
            return "SecretValueEntry[arn=" + arn + ", versionId=" + versionId + ", secretBinary="
                    + redacted(secretBinary)
                    + ", secretString=" + redacted(secretString) + "]";
        }
    }

    /** A secret BatchGetSecretValue could not read, with the error GetSecretValue would have answered. */
    public record ApiError(String secretId, String errorCode, String message) {}

    public record BatchGetSecretValueResponse(List<SecretValueEntry> secretValues, String nextToken,
            List<ApiError> errors) {}

    public record ListSecretVersionIdsRequest(String secretId, @Nullable Integer maxResults, @Nullable String nextToken,
            @Nullable Boolean includeDeprecated) {}

    public record SecretVersionsListEntry(String versionId, List<String> versionStages, Instant lastAccessedDate,
            Instant createdDate, List<String> kmsKeyIds) {}

    public record ListSecretVersionIdsResponse(List<SecretVersionsListEntry> versions, String nextToken,
            @JsonProperty("ARN") String arn, String name) {}

    public record GetRandomPasswordRequest(@Nullable Long passwordLength, @Nullable String excludeCharacters,
            @Nullable Boolean excludeNumbers, @Nullable Boolean excludePunctuation, @Nullable Boolean excludeUppercase,
            @Nullable Boolean excludeLowercase, @Nullable Boolean includeSpace,
            @Nullable Boolean requireEachIncludedType) {}

    public record GetRandomPasswordResponse(String randomPassword) {
        @Override
        public String toString() {
            return "GetRandomPasswordResponse[***]";
        }
    }

    public record UpdateSecretVersionStageRequest(String secretId, String versionStage,
            @Nullable String removeFromVersionId, @Nullable String moveToVersionId) {}

    /** The answer of the operations that only name the secret they changed. */
    public record SecretNamed(@JsonProperty("ARN") String arn, String name) {}

    public record SecretIdRequest(String secretId) {}

    public record GetResourcePolicyResponse(@JsonProperty("ARN") String arn, String name, String resourcePolicy) {}

    public record PutResourcePolicyRequest(String secretId, String resourcePolicy,
            @Nullable Boolean blockPublicPolicy) {}

    public record ValidateResourcePolicyRequest(@Nullable String secretId, String resourcePolicy) {}

    public record ValidationErrorsEntry(String checkName, String errorMessage) {}

    public record ValidateResourcePolicyResponse(Boolean policyValidationPassed,
            List<ValidationErrorsEntry> validationErrors) {}

    public record ReplicateSecretToRegionsRequest(String secretId, List<ReplicaRegion> addReplicaRegions,
            @Nullable Boolean forceOverwriteReplicaSecret) {}

    public record RemoveRegionsFromReplicationRequest(String secretId, List<String> removeReplicaRegions) {}

    /** The answer of ReplicateSecretToRegions and RemoveRegionsFromReplication. */
    public record ReplicationResponse(@JsonProperty("ARN") String arn, List<ReplicationStatus> replicationStatus) {}

    public record StopReplicationToReplicaResponse(@JsonProperty("ARN") String arn) {}
}
