package dev.kvsedge.server.secrets;

import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals version values with the server's master key. The associated data binds a sealed value to
 * its secret's ARN, its version id and its kind: bytes copied to another row, another secret (or the
 * same name created again, which has a new ARN) or flipped from string to binary do not open.
 */
final class SealedValues {
    private static final Logger LOG = LoggerFactory.getLogger(SealedValues.class);
    private final SecretBox box;

    SealedValues(SecretBox box) {
        this.box = box;
    }

    byte[] seal(String arn, String versionId, SecretValue value) {
        return box.seal(value.bytes(), aad(arn, versionId, value.kind()));
    }

    /** DecryptionFailure, as AWS answers when KMS cannot decrypt, when the value does not open with this server's key. */
    SecretValue open(String arn, SecretVersion version) {
        byte[] plain;
        try {
            plain = box.open(version.sealedValue(), aad(arn, version.versionId(), version.kind()));
        } catch (IllegalStateException e) {
            // The operator's problem, not the caller's: say which value, never any of its bytes.
            LOG.error("Version {} of secret {} does not open with this server's master key: was the master key changed,"
                    + " or do servers sharing the database use different keys? ({})", version.versionId(), arn,
                    e.getMessage());
            throw new ApiException(ErrorCode.DECRYPTION_FAILURE,
                    "Secrets Manager can't decrypt the protected secret text using this server's master key.");
        }
        return version.kind() == SecretVersion.Kind.STRING
                ? new SecretValue(new String(plain, StandardCharsets.UTF_8), null)
                : new SecretValue(null, plain);
    }

    /** Kind and ARN hold no newline; the version id (any client token) comes last, so the parts cannot run together. */
    private static byte[] aad(String arn, String versionId, SecretVersion.Kind kind) {
        return ("secretsmanager-value/1\n" + kind + "\n" + arn + "\n" + versionId).getBytes(StandardCharsets.UTF_8);
    }
}
