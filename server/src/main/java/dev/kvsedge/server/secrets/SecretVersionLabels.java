package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;
import static dev.kvsedge.server.secrets.StagingLabels.CURRENT;
import static dev.kvsedge.server.secrets.StagingLabels.PREVIOUS;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.PageTokens;
import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A secret's versions and their staging labels: ListSecretVersionIds and UpdateSecretVersionStage. */
public final class SecretVersionLabels {
    private static final int DEFAULT_PAGE = 100;
    /** How AWS names the key of a secret encrypted with the account's default key. */
    private static final String DEFAULT_ENCRYPTION_KEY = "DefaultEncryptionKey";

    private final SecretChanges changes;

    SecretVersionLabels(SecretChanges changes) {
        this.changes = changes;
    }

    /** The versions, oldest first; those without labels (deprecated) only when asked for. */
    public ListSecretVersionIdsResponse list(Scope scope, ListSecretVersionIdsRequest request) {
        Secret secret = changes.resolve(scope, request.secretId());
        boolean deprecated = Boolean.TRUE.equals(request.includeDeprecated());
        String listing = "ListSecretVersionIds " + secret.arn() + " " + deprecated;
        String after;
        try {
            after = PageTokens.decode(listing, request.nextToken());
        } catch (ApiException e) {
            throw new ApiException(ErrorCode.INVALID_NEXT_TOKEN,
                    "The NextToken value is not valid: it was not issued by"
                            + " ListSecretVersionIds for this secret.");
        }
        List<SecretVersion> versions = secret.versions().stream().filter(v -> deprecated || !v.stages().isEmpty())
                .toList();
        int from = 0;
        if (after != null) {
            // Resume after the version of the token; one pruned meanwhile resumes where it stood.
            while (from < versions.size() && position(versions.get(from)).compareTo(after) <= 0) {
                from++;
            }
        }
        int limit = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        List<SecretVersion> page = versions.subList(from, Math.min(versions.size(), from + limit));
        String next = from + page.size() < versions.size()
                ? PageTokens.encode(listing, position(page.getLast()))
                : null;
        List<String> keys = List.of(secret.kmsKeyId() != null ? secret.kmsKeyId() : DEFAULT_ENCRYPTION_KEY);
        List<SecretVersionsListEntry> entries = new ArrayList<>(page.size());
        for (SecretVersion v : page) {
            entries.add(
                    new SecretVersionsListEntry(v.versionId(), List.copyOf(v.stages()), null, v.createdDate(), keys));
        }
        return new ListSecretVersionIdsResponse(entries, next, secret.arn(), secret.name());
    }

    /** Where a version sorts: versions are kept oldest first, then by id; zero-padded so text order is that order. */
    private static String position(SecretVersion version) {
        return String.format("%020d:%s", version.createdDate().toEpochMilli(), version.versionId());
    }

    /**
     * Moves a label: off {@code RemoveFromVersionId}, onto {@code MoveToVersionId}. A label another version holds must
     * be removed from it explicitly; when AWSCURRENT moves, the version it leaves becomes AWSPREVIOUS.
     */
    public SecretNamed updateStage(Scope scope, UpdateSecretVersionStageRequest request) {
        Secret resolved = changes.resolve(scope, request.secretId());
        String stage = request.versionStage();
        Instant now = changes.now();
        Secret after = changes.changeLive(resolved, current -> {
            Optional<SecretVersion> holder = current.versionWithStage(stage);
            String from = request.removeFromVersionId();
            String to = request.moveToVersionId();
            if (from != null) {
                SecretVersion removed = version(current, from);
                if (!removed.stages().contains(stage)) {
                    throw new ApiException(ErrorCode.INVALID_PARAMETER,
                            "Version stage " + stage + " not found in version " + from);
                }
            } else if (holder.isPresent() && to != null && !holder.get().versionId().equals(to)) {
                throw new ApiException(ErrorCode.INVALID_PARAMETER,
                        "The parameter RemoveFromVersionId can't be empty. Staging"
                                + " label " + stage + " is currently attached to version " + holder.get().versionId()
                                + ", so you must explicitly reference that version in RemoveFromVersionId.");
            }
            if (to != null) {
                version(current, to);
            }
            boolean currentMoves = CURRENT.equals(stage) && from != null && to != null && !from.equals(to);
            List<SecretVersion> relabeled = new ArrayList<>(current.versions().size());
            for (SecretVersion version : current.versions()) {
                Set<String> labels = new TreeSet<>(version.stages());
                if (version.versionId().equals(from)) {
                    labels.remove(stage);
                }
                if (version.versionId().equals(to)) {
                    labels.add(stage);
                }
                if (currentMoves) {
                    labels.remove(PREVIOUS);
                    if (version.versionId().equals(from)) {
                        labels.add(PREVIOUS);
                    }
                }
                relabeled.add(labels.equals(version.stages()) ? version : version.withStages(labels));
            }
            return current.withVersions(relabeled, now);
        });
        return new SecretNamed(after.arn(), after.name());
    }

    private static SecretVersion version(Secret secret, String versionId) {
        return secret.version(versionId).orElseThrow(() -> new ApiException(ErrorCode.INVALID_PARAMETER,
                "Not a valid version: " + versionId));
    }
}
