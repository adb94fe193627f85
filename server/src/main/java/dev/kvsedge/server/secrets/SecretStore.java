package dev.kvsedge.server.secrets;

import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Durable storage of secrets with their versions, staging labels and tags. Each method is one
 * transaction (or one statement): a reader never sees a label moved halfway.
 */
public interface SecretStore {

    /**
     * Adds a secret with its versions and tags. A secret of that name whose deletion date is at or
     * before {@code now} is purged first, in the same transaction; returns false, changing nothing,
     * when the name is still taken.
     */
    boolean create(Secret secret, Instant now);

    Optional<Secret> find(SecretKey key);

    /** Every secret of the scope, by name, with its versions' labels but not their sealed values (null). */
    List<Secret> list(Scope scope);

    /**
     * Replaces the secret with {@code change} applied to its current value, in one transaction;
     * {@code change} may throw to abort, and returning its argument itself writes nothing. Versions
     * are immutable but for their labels: {@code change} may add and remove versions, and relabel them.
     * Empty when the secret is absent.
     */
    Optional<Secret> update(SecretKey key, UnaryOperator<Secret> change);

    /** Deletes the secret, its versions and tags when it still has this ARN; false when it does not exist. */
    boolean delete(SecretKey key, String arn);

    /** Deletes every secret whose deletion date is at or before {@code now}; returns how many. */
    int purge(Instant now);
}
