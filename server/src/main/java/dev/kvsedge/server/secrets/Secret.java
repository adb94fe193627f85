package dev.kvsedge.server.secrets;

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
        List<SecretVersion> versions) {

    public Secret {
        tags = Collections.unmodifiableSortedMap(new TreeMap<>(tags));
        versions = List.copyOf(versions);
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
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate, deletionDate,
                tags, newVersions);
    }

    public Secret withTags(Map<String, String> newTags, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deletedDate, deletionDate,
                new TreeMap<>(newTags), versions);
    }

    public Secret withDetails(String newDescription, String newKmsKeyId, Instant changed) {
        return new Secret(key, arn, newDescription, newKmsKeyId, createdDate, changed, lastAccessedDate, deletedDate,
                deletionDate, tags, versions);
    }

    public Secret withLastAccessedDate(Instant day) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, lastChangedDate, day, deletedDate, deletionDate,
                tags, versions);
    }

    /** Scheduled for deletion at {@code deletion}; {@code null, null} restores it. */
    public Secret withDeletion(Instant deleted, Instant deletion, Instant changed) {
        return new Secret(key, arn, description, kmsKeyId, createdDate, changed, lastAccessedDate, deleted, deletion,
                tags, versions);
    }
}
