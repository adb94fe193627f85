package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Replication of secrets to other regions of this server, as Secrets Manager does it between AWS regions: a replica
 * is a read-only secret of the same name in the other region, under the primary's ARN with that region, rewritten
 * with every change of its primary (in the same transaction). Its values are sealed again for its own ARN.
 * StopReplicationToReplica makes a replica a standalone secret of its region.
 */
public final class SecretReplication {
    /** The key AWS names for a replica encrypted with the account's default key. */
    static final String DEFAULT_KMS_KEY = "alias/aws/secretsmanager";

    private final SecretChanges changes;

    SecretReplication(SecretChanges changes) {
        this.changes = changes;
    }

    public ReplicationResponse replicateToRegions(Scope scope, ReplicateSecretToRegionsRequest request) {
        checkRegions(scope, request.addReplicaRegions());
        Secret primary = changes.resolve(scope, request.secretId());
        SecretChanges.requireNotReplica(primary);
        SecretChanges.requireNotDeleted(primary);
        List<ReplicationStatus> statuses = replicate(primary, request.addReplicaRegions(),
                Boolean.TRUE.equals(request.forceOverwriteReplicaSecret()));
        return new ReplicationResponse(primary.arn(), statuses);
    }

    public ReplicationResponse removeRegions(Scope scope, RemoveRegionsFromReplicationRequest request) {
        Secret primary = changes.resolve(scope, request.secretId());
        SecretChanges.requireNotReplica(primary);
        Instant now = changes.now();
        Secret after = changes.change(primary, current -> current.withReplicas(current.replicas().stream()
                .filter(r -> !request.removeReplicaRegions().contains(r.region())).toList(), now));
        List<ReplicationStatus> statuses = statuses(after);
        return new ReplicationResponse(after.arn(), statuses == null ? List.of() : statuses);
    }

    /** Called in the replica's region: the replica becomes a secret of its own, which its primary no longer rewrites. */
    public StopReplicationToReplicaResponse stop(Scope scope, SecretIdRequest request) {
        Secret replica = changes.resolve(scope, request.secretId());
        if (!replica.isReplica()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The secret " + replica.name() + " is not a replica: call"
                    + " StopReplicationToReplica in the region of one of its replicas.");
        }
        SecretKey primaryKey = new SecretKey(new Scope(scope.accountId(), replica.primaryRegion()), replica.name());
        Secret primary = changes.store().find(primaryKey).orElseThrow(SecretChanges::notFound);
        Instant now = changes.now();
        changes.change(primary, current -> current.withReplicas(current.replicas().stream()
                .filter(r -> !r.region().equals(scope.region())).toList(), now), List.of(replica.promoted(now)));
        return new StopReplicationToReplicaResponse(replica.arn());
    }

    /** Refuses a replica region that is missing or the secret's own. */
    void checkRegions(Scope scope, List<ReplicaRegion> regions) {
        for (ReplicaRegion region : regions) {
            if (region == null || region.region() == null || region.region().equals(scope.region())) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER, "Invalid replica region.");
            }
        }
    }

    /**
     * Adds the regions to the primary's replicas: in sync where the name is free there (or taken by a secret that
     * {@code force} overwrites), failed where another secret has it.
     */
    List<ReplicationStatus> replicate(Secret primary, List<ReplicaRegion> regions, boolean force) {
        Instant now = changes.now();
        Map<String, Replica> added = new LinkedHashMap<>();
        for (ReplicaRegion region : regions) {
            SecretKey there = new SecretKey(new Scope(primary.key().scope().accountId(), region.region()),
                    primary.name());
            Optional<Secret> taken = changes.store().find(there)
                    .filter(s -> !(s.isReplica() && s.primaryRegion().equals(primary.key().scope().region())));
            if (taken.isPresent() && (force || taken.get().goneAt(now))) {
                changes.store().delete(there, taken.get().arn());
                taken = Optional.empty();
            }
            String kmsKeyId = region.kmsKeyId() != null ? region.kmsKeyId() : DEFAULT_KMS_KEY;
            added.put(region.region(), taken.isEmpty()
                    ? new Replica(region.region(), kmsKeyId, Replica.IN_SYNC, "Replication succeeded")
                    : new Replica(region.region(), kmsKeyId, Replica.FAILED,
                            "Replication failed: Secret name " + primary.name()
                                    + " already exists in region " + region.region() + "."));
        }
        Secret after = changes.changeLive(primary, current -> {
            Map<String, Replica> replicas = new LinkedHashMap<>();
            current.replicas().forEach(r -> replicas.put(r.region(), r));
            replicas.putAll(added);
            return current.withReplicas(new ArrayList<>(replicas.values()), now);
        });
        return statuses(after);
    }

    /** The ReplicationStatus of a primary, or null for a secret that is not replicated. */
    static List<ReplicationStatus> statuses(Secret secret) {
        if (secret.replicas().isEmpty()) {
            return null;
        }
        return secret.replicas().stream().map(r -> new ReplicationStatus(r.region(), r.kmsKeyId(), r.status(),
                r.statusMessage(), null)).toList();
    }

    /** The in-sync replica regions, as AWS lists them in messages: [us-west-2,eu-west-1]. */
    static String regions(Secret secret) {
        return secret.replicas().stream().filter(Replica::inSync).map(Replica::region)
                .collect(Collectors.joining(",", "[", "]"));
    }
}
