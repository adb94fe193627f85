package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BatchGetSecretValue: the current values of up to 20 secrets named in a list, or of a page of the secrets a filter
 * selects (as ListSecrets filters). Each secret is read as GetSecretValue reads it, with the same access rules: a
 * named secret that cannot be read is an entry of {@code Errors}; an edge agent's filtered pages hold only the
 * secrets its hub's edge configurations name.
 */
public final class SecretBatches {
    private static final int DEFAULT_PAGE = 20;

    private final SecretService secrets;
    private final SecretStore store;

    SecretBatches(SecretService secrets, SecretStore store) {
        this.secrets = secrets;
        this.store = store;
    }

    public BatchGetSecretValueResponse get(Scope scope, String agentHub, BatchGetSecretValueRequest request) {
        boolean byId = request.secretIdList() != null;
        boolean byFilter = request.filters() != null;
        if (byId == byFilter) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
        }
        if (request.maxResults() != null && !byFilter) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
        }
        List<SecretValueEntry> values = new ArrayList<>();
        List<ApiError> errors = new ArrayList<>();
        if (byId) {
            for (String id : request.secretIdList()) {
                try {
                    values.add(entry(secrets.getValue(scope, agentHub, new GetSecretValueRequest(id, null, null))));
                } catch (ApiException e) {
                    errors.add(new ApiError(id, e.errorCode().code(), e.getMessage()));
                }
            }
            return new BatchGetSecretValueResponse(values, null, errors);
        }
        int limit = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        Set<String> named = agentHub == null ? Set.of() : secrets.hubSecretArns(scope, agentHub);
        List<Secret> readable = store.list(scope).stream()
                .filter(s -> agentHub == null || SecretService.agentMayRead(named, s.arn(), Optional.of(s)))
                .toList();
        SecretListing.Page page = SecretListing.page(readable, new ListSecretsRequest(false, limit, request.nextToken(),
                request.filters(), null, null), secrets.now());
        for (Secret secret : page.secrets()) {
            try {
                values.add(
                        entry(secrets.getValue(scope, agentHub, new GetSecretValueRequest(secret.arn(), null, null))));
            } catch (ApiException e) {
                errors.add(new ApiError(secret.arn(), e.errorCode().code(), e.getMessage()));
            }
        }
        return new BatchGetSecretValueResponse(values, page.nextToken(), errors);
    }

    private static SecretValueEntry entry(GetSecretValueResponse got) {
        return new SecretValueEntry(got.arn(), got.name(), got.versionId(), got.secretBinary(), got.secretString(),
                got.versionStages(), got.createdDate());
    }
}
