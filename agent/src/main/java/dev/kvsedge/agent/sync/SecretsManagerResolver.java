package dev.kvsedge.agent.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.agent.config.MediaUris;
import dev.kvsedge.model.secrets.SecretShapes.GetSecretValueRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Reads camera secrets with Secrets Manager's GetSecretValue on the kvs-edge server (awsJson 1.1, service
 * {@code secretsmanager}), which lets an agent's key pair read exactly the secrets its hub's configurations name.
 */
public final class SecretsManagerResolver implements MediaUriResolver {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final SignedJsonClient http;
    private final String defaultRegion;

    public SecretsManagerResolver(SignedJsonClient http, String defaultRegion) {
        this.http = http;
        this.defaultRegion = defaultRegion;
    }

    @Override
    public URI resolve(String secretArn, String mediaUriType)
            throws IOException, InterruptedException, ApiCallException {
        JsonNode value = http.call("/", "secretsmanager.GetSecretValue", regionOf(secretArn), "secretsmanager",
                new GetSecretValueRequest(secretArn, null, null), TIMEOUT);
        return MediaUris.fromSecretString(
                value.path("SecretString").isTextual() ? value.get("SecretString").asText() : null,
                mediaUriType);
    }

    /** The secret's own region ({@code arn:aws:secretsmanager:REGION:...}) selects where it lives, as in AWS. */
    private String regionOf(String secretArn) {
        String[] parts = secretArn.split(":", 6);
        return parts.length == 6 && parts[2].equals("secretsmanager") && !parts[3].isEmpty() ? parts[3] : defaultRegion;
    }
}
