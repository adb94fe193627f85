package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;
import static dev.kvsedge.server.secrets.StagingLabels.CURRENT;

import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The Secrets Manager operations kvs-edge serves, for camera URIs: secrets live in one account and
 * region, their versions carry staging labels, values are sealed at rest, and a deleted secret stays
 * recoverable for its recovery window. An edge agent may only read the secrets its hub's edge
 * configurations name.
 *
 * <p>No message here ever holds a secret value: they name secrets by name or ARN only.
 */
public final class SecretService {
    static final int MAX_TAGS = 50;
    private static final long DEFAULT_RECOVERY_DAYS = 30;
    private static final long MIN_RECOVERY_DAYS = 7;
    private static final long MAX_RECOVERY_DAYS = 30;

    private final SecretChanges changes;
    private final SecretStore store;
    private final SealedValues sealed;
    private final HubSecretReferences hubSecrets;
    private final SecretReplication replication;
    private final SecretVersionLabels versionLabels;
    private final ResourcePolicies policies;
    private final SecretBatches batches;

    public SecretService(SecretStore store, SecretBox box, Clock clock, HubSecretReferences hubSecrets) {
        this.store = store;
        this.sealed = new SealedValues(box);
        this.changes = new SecretChanges(store, sealed, clock);
        this.hubSecrets = hubSecrets;
        this.replication = new SecretReplication(changes);
        this.versionLabels = new SecretVersionLabels(changes);
        this.policies = new ResourcePolicies(changes);
        this.batches = new SecretBatches(this, store);
    }

    /** ReplicateSecretToRegions, RemoveRegionsFromReplication and StopReplicationToReplica. */
    public SecretReplication replication() {
        return replication;
    }

    /** ListSecretVersionIds and UpdateSecretVersionStage. */
    public SecretVersionLabels versionLabels() {
        return versionLabels;
    }

    /** Get, Put, Delete and ValidateResourcePolicy. */
    public ResourcePolicies policies() {
        return policies;
    }

    /** BatchGetSecretValue. */
    public SecretBatches batches() {
        return batches;
    }

    Instant now() {
        return changes.now();
    }

    public CreateSecretResponse create(Scope scope, CreateSecretRequest request) {
        SecretIds.requireValidName(request.name());
        List<ReplicaRegion> replicaRegions = request.addReplicaRegions() == null
                ? List.of()
                : request.addReplicaRegions();
        replication.checkRegions(scope, replicaRegions);
        Optional<SecretValue> value = SecretValue.of(request.secretString(), request.secretBinary());
        Map<String, String> tags = tags(Map.of(), request.tags());
        Instant now = now();
        String arn = SecretIds.newArn(scope, request.name());
        String versionId = versionId(request.clientRequestToken());
        List<SecretVersion> versions = value.map(v -> List.of(new SecretVersion(versionId, v.kind(),
                sealed.seal(arn, versionId, v), now, Set.of(CURRENT)))).orElse(List.of());
        SecretKey key = new SecretKey(scope, request.name());
        Secret secret = new Secret(key, arn, request.description(), request.kmsKeyId(), now, now, null, null, null,
                new TreeMap<>(tags), versions);
        if (store.create(secret, now)) {
            SecretEvents.created(request.name(), arn, value.isPresent() ? versionId : null);
            List<ReplicationStatus> statuses = replicaRegions.isEmpty()
                    ? null
                    : replication.replicate(secret, replicaRegions,
                            Boolean.TRUE.equals(request.forceOverwriteReplicaSecret()));
            return new CreateSecretResponse(arn, request.name(), value.isPresent() ? versionId : null, statuses);
        }
        Secret existing = store.find(key).orElseThrow(() -> exists(request.name()));
        SecretChanges.requireNotReplica(existing);
        if (existing.deleted()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "You can't create this secret because a secret with this name is already scheduled for deletion.");
        }
        // A retry of a create that succeeded (the SDKs resend the same ClientRequestToken) answers as the first did.
        Optional<SecretVersion> retried = request.clientRequestToken() == null
                ? Optional.empty()
                : existing.version(versionId);
        if (retried.isPresent() && value.isPresent()) {
            if (!sealed.open(existing.arn(), retried.get()).sameAs(value.get())) {
                throw tokenInUse(versionId, existing);
            }
            return new CreateSecretResponse(existing.arn(), existing.name(), versionId, null);
        }
        throw exists(request.name());
    }

    /** {@code agentHub} is the caller's hub device when an edge agent calls, null for an admin. */
    public GetSecretValueResponse getValue(Scope scope, String agentHub, GetSecretValueRequest request) {
        Optional<Secret> found = changes.lookup(scope, request.secretId());
        if (agentHub != null) {
            authorizeAgent(scope, agentHub, request.secretId(), found);
        }
        Secret secret = found.orElseThrow(SecretChanges::notFound);
        SecretChanges.requireNotDeleted(secret);
        SecretVersion version = pick(secret, request.versionId(), request.versionStage());
        SecretValue value = sealed.open(secret.arn(), version);
        recordAccess(secret, now());
        return new GetSecretValueResponse(secret.arn(), secret.name(), version.versionId(), value.binary(),
                value.string(),
                stages(version), version.createdDate());
    }

    public PutSecretValueResponse putValue(Scope scope, PutSecretValueRequest request) {
        SecretValue value = SecretValue.required(request.secretString(), request.secretBinary());
        Set<String> stages = request.versionStages() == null ? Set.of(CURRENT) : new TreeSet<>(request.versionStages());
        Secret resolved = changes.resolve(scope, request.secretId());
        String versionId = versionId(request.clientRequestToken());
        Secret after = changes.changeLive(resolved, current -> addVersion(current, versionId, value, stages));
        valueChanged(resolved, after, versionId);
        SecretVersion version = after.version(versionId).orElseThrow();
        return new PutSecretValueResponse(after.arn(), after.name(), versionId, stages(version));
    }

    public UpdateSecretResponse update(Scope scope, UpdateSecretRequest request) {
        Optional<SecretValue> value = SecretValue.of(request.secretString(), request.secretBinary());
        Secret resolved = changes.resolve(scope, request.secretId());
        String versionId = versionId(request.clientRequestToken());
        Instant now = now();
        Secret after = changes.changeLive(resolved, current -> {
            Secret changed = current;
            if (request.description() != null || request.kmsKeyId() != null) {
                changed = changed.withDetails(
                        request.description() != null ? request.description() : changed.description(),
                        request.kmsKeyId() != null ? request.kmsKeyId() : changed.kmsKeyId(), now);
            }
            return value.isEmpty() ? changed : addVersion(changed, versionId, value.get(), Set.of(CURRENT));
        });
        if (value.isPresent()) {
            valueChanged(resolved, after, versionId);
        }
        return new UpdateSecretResponse(after.arn(), after.name(), value.isPresent() ? versionId : null);
    }

    public DescribeSecretResponse describe(Scope scope, DescribeSecretRequest request) {
        Secret secret = changes.resolve(scope, request.secretId());
        return new DescribeSecretResponse(secret.arn(), secret.name(), secret.description(), secret.kmsKeyId(),
                secret.lastChangedDate(), secret.lastAccessedDate(), secret.deletedDate(), tagList(secret),
                labeledVersions(secret), secret.createdDate(), secret.primaryRegion(),
                SecretReplication.statuses(secret));
    }

    public ListSecretsResponse list(Scope scope, ListSecretsRequest request) {
        SecretListing.Page page = SecretListing.page(store.list(scope), request, now());
        return new ListSecretsResponse(page.secrets().stream()
                .map(s -> new SecretListEntry(s.arn(), s.name(), s.description(),
                        s.kmsKeyId(), s.lastChangedDate(), s.lastAccessedDate(), s.deletedDate(), tagList(s),
                        labeledVersions(s),
                        s.createdDate(), s.primaryRegion()))
                .toList(), page.nextToken());
    }

    public DeleteSecretResponse delete(Scope scope, DeleteSecretRequest request) {
        boolean force = Boolean.TRUE.equals(request.forceDeleteWithoutRecovery());
        long days = request.recoveryWindowInDays() == null ? DEFAULT_RECOVERY_DAYS : request.recoveryWindowInDays();
        if (days < MIN_RECOVERY_DAYS || days > MAX_RECOVERY_DAYS) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        if (force && request.recoveryWindowInDays() != null) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        Instant now = now();
        Optional<Secret> found = changes.lookup(scope, request.secretId());
        if (found.isEmpty() && force) {
            // AWS answers a forced deletion of a secret that does not exist as if it had deleted one.
            return new DeleteSecretResponse(SecretIds.arnFor(scope, request.secretId()),
                    SecretIds.nameIn(request.secretId()), now);
        }
        Secret resolved = found.orElseThrow(SecretChanges::notFound);
        SecretChanges.requireNotReplica(resolved);
        if (resolved.replicas().stream().anyMatch(Replica::inSync)) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "You can't delete secret " + request.secretId()
                    + " that still has replica regions " + SecretReplication.regions(resolved) + ".");
        }
        if (force) {
            // A secret already scheduled for deletion may be deleted at once too: that frees its name.
            if (!store.delete(resolved.key(), resolved.arn())) {
                throw SecretChanges.notFound();
            }
            SecretEvents.deleted(resolved, true, now);
            return new DeleteSecretResponse(resolved.arn(), resolved.name(), now);
        }
        Secret after = changes.change(resolved, current -> {
            SecretChanges.requireNotDeleted(current);
            return current.withDeletion(now, now.plus(days, ChronoUnit.DAYS), now);
        });
        SecretEvents.deleted(after, false, after.deletionDate());
        return new DeleteSecretResponse(after.arn(), after.name(), after.deletionDate());
    }

    public RestoreSecretResponse restore(Scope scope, RestoreSecretRequest request) {
        Secret resolved = changes.resolve(scope, request.secretId());
        Instant now = now();
        Secret after = changes.change(resolved,
                current -> current.deleted() ? current.withDeletion(null, null, now) : current);
        if (resolved.deleted()) {
            SecretEvents.restored(after);
        }
        return new RestoreSecretResponse(after.arn(), after.name());
    }

    public void tag(Scope scope, TagResourceRequest request) {
        Secret resolved = changes.resolve(scope, request.secretId());
        Instant now = now();
        changes.changeLive(resolved, current -> current.withTags(tags(current.tags(), request.tags()), now));
    }

    public void untag(Scope scope, UntagResourceRequest request) {
        Secret resolved = changes.resolve(scope, request.secretId());
        Instant now = now();
        changes.changeLive(resolved, current -> {
            Map<String, String> remaining = new TreeMap<>(current.tags());
            request.tagKeys().forEach(remaining::remove);
            return current.withTags(remaining, now);
        });
    }

    /** Removes the secrets whose recovery window has ended; run periodically. Returns how many. */
    public int purgeExpired() {
        int purged = store.purge(now());
        if (purged > 0) {
            SecretEvents.purged(purged);
        }
        return purged;
    }

    /** Logs a new version; a retry with the same ClientRequestToken adds none. */
    private static void valueChanged(Secret before, Secret after, String versionId) {
        if (before.version(versionId).isEmpty()) {
            SecretEvents.valueChanged(after, versionId);
        }
    }

    private Secret addVersion(Secret current, String versionId, SecretValue value, Set<String> stages) {
        Optional<SecretVersion> existing = current.version(versionId);
        if (existing.isPresent()) {
            // The same ClientRequestToken again: a retry when the value is the same, a conflict when it is not.
            if (!sealed.open(current.arn(), existing.get()).sameAs(value)) {
                throw tokenInUse(versionId, current);
            }
            return current;
        }
        Set<String> labels = new TreeSet<>(stages);
        if (current.versions().isEmpty()) {
            labels.add(CURRENT); // the first version of a secret is its current one
        }
        Instant now = now();
        SecretVersion added = new SecretVersion(versionId, value.kind(), sealed.seal(current.arn(), versionId, value),
                now, labels);
        return current.withVersions(StagingLabels.add(current.versions(), added), now);
    }

    private static SecretVersion pick(Secret secret, String versionId, String stage) {
        if (versionId != null) {
            SecretVersion version = secret.version(versionId)
                    .orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND,
                            "Secrets Manager can't find the specified secret value for VersionId: " + versionId));
            if (stage != null && !version.stages().contains(stage)) {
                throw new ApiException(ErrorCode.SECRET_NOT_FOUND,
                        "Secrets Manager can't find the specified secret value for"
                                + " VersionId: " + versionId + " and staging label: " + stage);
            }
            return version;
        }
        String wanted = stage == null ? CURRENT : stage;
        return secret.versionWithStage(wanted).orElseThrow(() -> new ApiException(ErrorCode.SECRET_NOT_FOUND,
                "Secrets Manager can't find the specified secret value for staging label: " + wanted));
    }

    /** AWS keeps the day of the last read; writing it once a day keeps reads from writing. */
    private void recordAccess(Secret secret, Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        if (day.equals(secret.lastAccessedDate())) {
            return;
        }
        store.update(secret.key(),
                current -> current.arn().equals(secret.arn()) && !day.equals(current.lastAccessedDate())
                        ? current.withLastAccessedDate(day)
                        : current);
    }

    /** The secret ARNs (full or partial, as written) that the edge configurations of {@code hub} name. */
    Set<String> hubSecretArns(Scope scope, String hub) {
        return hubSecrets.secretArns(scope, hub);
    }

    /** Whether a hub naming {@code named} may read the secret {@code secretId} names (found or not). */
    static boolean agentMayRead(Set<String> named, String secretId, Optional<Secret> found) {
        // A secret the hub names that does not exist is "not found"; any other is refused whether it exists or not.
        return found.map(s -> named.stream().anyMatch(arn -> SecretIds.names(arn, s)))
                .orElseGet(() -> named.contains(secretId));
    }

    private void authorizeAgent(Scope scope, String hub, String secretId, Optional<Secret> found) {
        if (!agentMayRead(hubSecretArns(scope, hub), secretId, found)) {
            throw new ApiException(ErrorCode.ACCESS_DENIED,
                    "The edge agent of hub device " + hub + " is not authorized to"
                            + " perform: secretsmanager:GetSecretValue on resource: " + secretId
                            + " because no edge configuration of the hub names this secret.");
        }
    }

    private static Map<String, String> tags(Map<String, String> current, List<Tag> added) {
        Map<String, String> tags = new TreeMap<>(current);
        for (Tag tag : added == null ? List.<Tag>of() : added) {
            if (tag == null || tag.key() == null) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "Every tag needs a Key.");
            }
            tags.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        if (tags.size() > MAX_TAGS) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER, "A secret can have at most " + MAX_TAGS + " tags.");
        }
        return tags;
    }

    static String versionId(String clientRequestToken) {
        return clientRequestToken != null ? clientRequestToken : UUID.randomUUID().toString();
    }

    static List<String> stages(SecretVersion version) {
        return version.stages().isEmpty() ? null : List.copyOf(version.stages());
    }

    /** The tags, or [] for a secret that had tags and has none left (AWS's answer), or null for one never tagged. */
    private static List<Tag> tagList(Secret secret) {
        if (secret.tags().isEmpty()) {
            return secret.tagsListed() ? List.of() : null;
        }
        return secret.tags().entrySet().stream().map(e -> new Tag(e.getKey(), e.getValue())).toList();
    }

    /** The versions that carry a label; AWS leaves deprecated ones out. */
    private static Map<String, List<String>> labeledVersions(Secret secret) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        secret.versions().stream().filter(v -> !v.stages().isEmpty())
                .forEach(v -> map.put(v.versionId(), List.copyOf(v.stages())));
        return map.isEmpty() ? null : map;
    }

    private static ApiException tokenInUse(String token, Secret secret) {
        return new ApiException(ErrorCode.RESOURCE_EXISTS, "You can't use ClientRequestToken " + token
                + " because that value is already in use for a version of secret " + secret.arn() + ".");
    }

    private static ApiException exists(String name) {
        return new ApiException(ErrorCode.RESOURCE_EXISTS,
                "The operation failed because the secret " + name + " already exists.");
    }
}
