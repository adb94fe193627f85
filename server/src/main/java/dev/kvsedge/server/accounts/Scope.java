package dev.kvsedge.server.accounts;

import java.util.Objects;

/** The first key of all state: AWS keeps every account's resources apart in every region. */
public record Scope(String accountId, String region) {
    public Scope {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(region, "region");
    }
}
