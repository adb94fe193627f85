package dev.kvsedge.server.streams;

/** The first key of all state: AWS keeps every account's resources apart in every region. */
public record Scope(String accountId, String region) {
}
