package dev.kvsedge.server.streams;

import dev.kvsedge.server.accounts.Scope;
import java.util.Objects;

/** Names one stream: unique within its account and region. */
public record StreamKey(Scope scope, String name) {
    public StreamKey {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
    }
}
