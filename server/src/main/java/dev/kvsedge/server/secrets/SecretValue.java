package dev.kvsedge.server.secrets;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/** A secret's value in the clear, a string or bytes (never both); kept out of {@code toString}. */
record SecretValue(String string, byte[] binary) {
    private static final int MAX_BINARY_BYTES = 65_536;

    /** The value a request carries, or empty when it has none. */
    static Optional<SecretValue> of(String string, byte[] binary) {
        if (string != null && binary != null) {
            throw new ApiException(ErrorCode.INVALID_PARAMETER,
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (binary != null && (binary.length < 1 || binary.length > MAX_BINARY_BYTES)) {
            // The model bounds the blob; the validator checks only that it is base64 text. Worded as AWS's
            // validation, without the value, as for every sensitive member.
            String bound = binary.length < 1
                    ? "greater than or equal to 1"
                    : "less than or equal to " + MAX_BINARY_BYTES;
            throw new ApiException(ErrorCode.VALIDATION,
                    "1 validation error detected: Value at 'secretBinary' failed to"
                            + " satisfy constraint: Member must have length " + bound);
        }
        return string == null && binary == null ? Optional.empty() : Optional.of(new SecretValue(string, binary));
    }

    /** The value a request must carry (PutSecretValue). */
    static SecretValue required(String string, byte[] binary) {
        return of(string, binary).orElseThrow(() -> new ApiException(ErrorCode.INVALID_REQUEST,
                "You must provide either SecretString or SecretBinary."));
    }

    SecretVersion.Kind kind() {
        return string != null ? SecretVersion.Kind.STRING : SecretVersion.Kind.BINARY;
    }

    byte[] bytes() {
        return string != null ? string.getBytes(StandardCharsets.UTF_8) : binary.clone();
    }

    boolean sameAs(SecretValue other) {
        return kind() == other.kind() && Arrays.equals(bytes(), other.bytes());
    }

    @Override
    public String toString() {
        return "SecretValue[" + kind() + ", ***]";
    }
}
