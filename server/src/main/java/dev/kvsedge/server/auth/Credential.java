package dev.kvsedge.server.auth;

import java.util.Objects;

/** One access key pair and whom it belongs to. */
public record Credential(String accessKeyId, String secretAccessKey, Principal principal) {

    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(principal, "principal");
    }

    /** Credentials end up in logs and assertion failures; the secret must not go with them. */
    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", secretAccessKey=****, principal=" + principal + "]";
    }
}
