package dev.kvsedge.server.secrets;

import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A Secrets Manager secret as stored. The ARN ends with a random 6-character suffix, so a secret
 * created again under the same name gets a new ARN.
 *
 * @param description null when not set
 * @param kmsKeyId null when not set (kvs-edge seals every value with its own master key regardless)
 * @param lastAccessedDate the day (UTC midnight) of the last GetSecretValue, or null
 * @param deletedDate when DeleteSecret scheduled the secret for deletion, or null
 * @param deletionDate when the recovery window ends and the secret is gone, or null
 * @param tags sorted by key
 * @param versions oldest first
 * @param tagsListed whether Describe and List show {@code Tags} even when there are none: once a secret had tags,
 *     AWS answers {@code "Tags": []} after the last one is removed
 * @param resourcePolicy the policy PutResourcePolicy stored (kept and returned, never evaluated), or null
 * @param primaryRegion for a replica, the region of its primary; null for any other secret
 * @param replicas for a primary, the regions it is replicated to, in the order they were added
 */
public record Secret(
        SecretKey key,
        String arn,
        String description,
        String kmsKeyId,
        Instant createdDate,
        Instant lastChangedDate,
        Instant lastAccessedDate,
        Instant deletedDate,
        Instant deletionDate,
        SortedMap<String, String> tags,
        List<SecretVersion> versions,
        boolean tagsListed,
        String resourcePolicy,
        String primaryRegion,
        List<Replica> replicas) {

    public Secret {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        versions = List.copyOf(versions);
        replicas = List.copyOf(replicas);
        tagsListed = tagsListed || !tags.isEmpty();
    }

    /** A secret that is neither a replica nor replicated, without a resource policy. */
    public Secret(SecretKey key, String arn, String description, String kmsKeyId, Instant createdDate,
            Instant lastChangedDate,
            Instant lastAccessedDate, Instant deletedDate, Instant deletionDate, SortedMap<String, String> tags,
            List<SecretVersion> versions) {
        this(key, arn, description, kmsKeyId, createdDate, lastChangedDate, lastAccessedDate, deletedDate, deletionDate,
                tags,
                versions, false, null, null, List.of());
    }

    public boolean isReplica() {
        return primaryRegion != null;
    }

    public String name() {
        return key.name();
    }

    public Optional<SecretVersion> version(String versionId) {
        return versions.stream().filter(v -> v.versionId().equals(versionId)).findFirst();
    }

    public Optional<SecretVersion> versionWithStage(String stage) {
        return versions.stream().filter(v -> v.stages().contains(stage)).findFirst();
    }

    /** Scheduled for deletion and still recoverable, or gone already. */
    public boolean deleted() {
        return deletedDate != null;
    }

    /** The recovery window has ended: the secret is gone, whether or not the sweep removed its row yet. */
    public boolean goneAt(Instant now) {
        return deletionDate != null && !deletionDate.isAfter(now);
    }

    public Secret withVersions(List<SecretVersion> newVersions, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate,
                tags, newVersions, tagsListed, resourcePolicy,
                primaryRegion, replicas);
    }

    public Secret withTags(Map<String, String> newTags, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate,
                new TreeMap<>(newTags), versions, tagsListed,
                resourcePolicy, primaryRegion, replicas);
    }

    public Secret withDetails(String newDescription, String newKmsKeyId, Instant changed) {
        return new Secret(key, arn, newDescription, newKmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate, tags, versions, tagsListed, resourcePolicy, primaryRegion, replicas);
    }

    public Secret withLastAccessedDate(Instant day) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, lastChangedDate, day, deletedDate, deletionDate,
                tags, versions, tagsListed, resourcePolicy, primaryRegion, replicas);
    }

    /** Scheduled for deletion at {@code deletion}; {@code null, null} restores it. */
    public Secret withDeletion(Instant deleted, Instant deletion, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deleted, deletion,
                tags, versions, tagsListed, resourcePolicy, primaryRegion, replicas);
    }

    /** The resource policy set, or removed with null. */
    public Secret withResourcePolicy(String policy, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate,
                tags, versions, tagsListed, policy, primaryRegion, replicas);
    }

    public Secret withReplicas(List<Replica> newReplicas, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate,
                tags, versions, tagsListed, resourcePolicy, primaryRegion, newReplicas);
    }

    /**
     * This secret as its replica in {@code region}: the same name, values and metadata under the ARN of that region,
     * with {@code versions} (the values sealed for that ARN), the replica's KMS key when it has its own, and no
     * replicas nor resource policy of its own.
     */
    public Secret asReplicaIn(String region, String replicaKmsKeyId, List<SecretVersion> replicaVersions) {
        String replicaArn = arn.replace(":secretsmanager:" + key.scope().region() + ":",
                ":secretsmanager:" + region + ":");
        return new Secret(new SecretKey(new Scope(key.scope().accountId(), region), key.name()),
                replicaArn, description, replicaKmsKeyId != null ? replicaKmsKeyId : kmsKeyId, createdDate,
                lastChangedDate,
                lastAccessedDate, deletedDate, deletionDate, tags, replicaVersions, tagsListed, null,
                key.scope().region(),
                List.of());
    }

    /** A replica made a standalone secret of its region (StopReplicationToReplica). */
    public Secret promoted(Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate,
                tags, versions, tagsListed, resourcePolicy, null, List.of());
    }
}
