package dev.kvsedge.server.secrets;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The activity log of secrets: one INFO line per change, naming the secret and its version, never a value (nothing
 * here is given one).
 */
final class SecretEvents {
    private static final Logger LOG = LoggerFactory.getLogger(SecretEvents.class);

    private SecretEvents() {}

    /** @param versionId the first version's id, or null when it was created without a value */
    static void created(String name, String arn, String versionId) {
        LOG.atInfo().setMessage("secret created").addKeyValue("secret", name).addKeyValue("arn", arn)
                .addKeyValue("versionId", versionId).log();
    }

    static void valueChanged(Secret secret, String versionId) {
        LOG.atInfo().setMessage("secret value changed").addKeyValue("secret", secret.name())
                .addKeyValue("arn", secret.arn())
                .addKeyValue("versionId", versionId).log();
    }

    /** @param deletionDate when it is gone for good: now for a forced deletion, else the end of its recovery window */
    static void deleted(Secret secret, boolean forced, Instant deletionDate) {
        LOG.atInfo().setMessage("secret deleted").addKeyValue("secret", secret.name()).addKeyValue("arn", secret.arn())
                .addKeyValue("recoverable", !forced).addKeyValue("goneAt", deletionDate).log();
    }

    static void restored(Secret secret) {
        LOG.atInfo().setMessage("secret restored").addKeyValue("secret", secret.name()).addKeyValue("arn", secret.arn())
                .log();
    }

    static void purged(int count) {
        LOG.atInfo().setMessage("secrets purged at the end of their recovery window").addKeyValue("count", count).log();
    }
}
