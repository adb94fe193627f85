package dev.kvsedge.server.secrets;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How the secret operations find and change secrets: a SecretId to the secret it names, and a change applied in one
 * transaction that also rewrites the secret's replicas, so that a replica is always the primary as of its last
 * change. Replicas themselves are read-only: every change of one is refused, as AWS refuses it outside the
 * primary's region.
 */
final class SecretChanges {
    private final SecretStore store;
    private final SealedValues sealed;
    private final Clock clock;

    SecretChanges(SecretStore store, SealedValues sealed, Clock clock) {
        this.store = store;
        this.sealed = sealed;
        this.clock = clock;
    }

    SecretStore store() {
        return store;
    }

    SealedValues sealed() {
        return sealed;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The secret {@code secretId} names, scheduled for deletion or not; ResourceNotFoundException when none. */
    Secret resolve(Scope scope, String secretId) {
        return lookup(scope, secretId).orElseThrow(SecretChanges::notFound);
    }

    Optional<Secret> lookup(Scope scope, String secretId) {
        Instant now = now();
        for (SecretIds.Candidate candidate : SecretIds.candidates(scope, secretId)) {
            Optional<Secret> found = store.find(new SecretKey(scope, candidate.name()))
                    .filter(s -> candidate.arn() == null || s.arn().equals(candidate.arn()))
                    .filter(s -> !s.goneAt(now));
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Applies {@code change} to the secret {@code resolved} named, if it is still that secret and not a replica. */
    Secret change(Secret resolved, UnaryOperator<Secret> change) {
        return change(resolved, change, List.of());
    }

    /** {@link #change}, writing {@code alsoWritten} (a replica made standalone) in the same transaction. */
    Secret change(Secret resolved, UnaryOperator<Secret> change, List<Secret> alsoWritten) {
        Instant now = now();
        return store.update(resolved.key(), current -> {
            if (!current.arn().equals(resolved.arn()) || current.goneAt(now)) {
                throw notFound();
            }
            if (current.isReplica()) {
                throw notPermittedOnReplica();
            }
            return change.apply(current);
        }, after -> {
            List<Secret> written = new ArrayList<>(replicasOf(after));
            written.addAll(alsoWritten);
            return written;
        }).orElseThrow(SecretChanges::notFound);
    }

    /** {@link #change} for operations a secret scheduled for deletion refuses. */
    Secret changeLive(Secret resolved, UnaryOperator<Secret> change) {
        return change(resolved, current -> {
            requireNotDeleted(current);
            return change.apply(current);
        });
    }

    /** The replicas a primary has in step with it: itself in each in-sync region, its values sealed for that ARN. */
    List<Secret> replicasOf(Secret primary) {
        List<Secret> replicas = new ArrayList<>();
        for (Replica replica : primary.replicas()) {
            if (replica.inSync()) {
                replicas.add(replicaIn(primary, replica));
            }
        }
        return replicas;
    }

    private Secret replicaIn(Secret primary, Replica replica) {
        Secret shell = primary.asReplicaIn(replica.region(), replica.kmsKeyId(), List.of());
        List<SecretVersion> versions = new ArrayList<>(primary.versions().size());
        for (SecretVersion version : primary.versions()) {
            SecretValue value = sealed.open(primary.arn(), version);
            versions.add(new SecretVersion(version.versionId(), version.kind(),
                    sealed.seal(shell.arn(), version.versionId(), value),
                    version.createdDate(), version.stages()));
        }
        return primary.asReplicaIn(replica.region(), replica.kmsKeyId(), versions);
    }

    static void requireNotDeleted(Secret secret) {
        if (secret.deleted()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST,
                    "You can't perform this operation on the secret because it was marked for deletion.");
        }
    }

    static void requireNotReplica(Secret secret) {
        if (secret.isReplica()) {
            throw notPermittedOnReplica();
        }
    }

    static ApiException notFound() {
        return new ApiException(ErrorCode.SECRET_NOT_FOUND, "Secrets Manager can't find the specified secret.");
    }

    static ApiException notPermittedOnReplica() {
        return new ApiException(ErrorCode.INVALID_PARAMETER,
                "Operation not permitted on a replica secret. Call must be made in primary secret's region.");
    }
}
