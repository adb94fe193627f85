package dev.kvsedge.server.secrets;

import static dev.kvsedge.model.secrets.SecretShapes.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;
import java.util.List;

/**
 * Resource policies of secrets: stored as given and returned, checked to be a JSON policy document, never evaluated
 * (kvs-edge's principals have fixed scopes instead of IAM policies). BlockPublicPolicy is accepted and ignored.
 */
public final class ResourcePolicies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretChanges changes;

    ResourcePolicies(SecretChanges changes) {
        this.changes = changes;
    }

    public GetResourcePolicyResponse get(Scope scope, SecretIdRequest request) {
        Secret secret = changes.resolve(scope, request.secretId());
        SecretChanges.requireNotReplica(secret);
        return new GetResourcePolicyResponse(secret.arn(), secret.name(), secret.resourcePolicy());
    }

    public SecretNamed put(Scope scope, PutResourcePolicyRequest request) {
        requireDocument(request.resourcePolicy());
        Secret resolved = changes.resolve(scope, request.secretId());
        Instant now = changes.now();
        Secret after = changes.changeLive(resolved,
                current -> current.withResourcePolicy(request.resourcePolicy(), now));
        return new SecretNamed(after.arn(), after.name());
    }

    public SecretNamed delete(Scope scope, SecretIdRequest request) {
        Secret resolved = changes.resolve(scope, request.secretId());
        Instant now = changes.now();
        Secret after = changes.change(resolved, current -> current.resourcePolicy() == null
                ? current
                : current.withResourcePolicy(null, now));
        return new SecretNamed(after.arn(), after.name());
    }

    /** Passes a JSON policy document (of the named secret, when one is named); a malformed one is refused. */
    public ValidateResourcePolicyResponse validate(Scope scope, ValidateResourcePolicyRequest request) {
        if (request.secretId() != null) {
            changes.resolve(scope, request.secretId());
        }
        requireDocument(request.resourcePolicy());
        return new ValidateResourcePolicyResponse(true, List.of());
    }

    /** A policy document is a JSON object with a Statement; the message says where it is not, never what it holds. */
    private static void requireDocument(String policy) {
        JsonNode document;
        try {
            document = JSON.readTree(policy);
        } catch (JsonProcessingException e) {
            throw malformed("The resource policy is not valid JSON.");
        }
        if (document == null || !document.isObject()) {
            throw malformed("The resource policy must be a JSON object.");
        }
        JsonNode statement = document.get("Statement");
        if (statement == null || !(statement.isObject() || statement.isArray())) {
            throw malformed("The resource policy must have a Statement: an object or a list of them.");
        }
    }

    private static ApiException malformed(String message) {
        return new ApiException(ErrorCode.MALFORMED_POLICY_DOCUMENT, message);
    }
}
