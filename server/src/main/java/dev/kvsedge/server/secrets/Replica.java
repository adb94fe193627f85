package dev.kvsedge.server.secrets;

import java.util.Objects;

/**
 * A region a primary secret is replicated to. An {@code InSync} replica is a secret of the same name in that
 * region of this server, written with the primary in one transaction; a {@code Failed} one (the name was taken
 * there) has no secret, and its message says why.
 */
public record Replica(String region, String kmsKeyId, String status, String statusMessage) {
    public static final String IN_SYNC = "InSync";
    public static final String FAILED = "Failed";

    public Replica {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(status, "status");
    }

    public boolean inSync() {
        return IN_SYNC.equals(status);
    }
}
