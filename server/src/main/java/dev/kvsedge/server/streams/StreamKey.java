package dev.kvsedge.server.streams;

/** Names one stream: unique within its account and region. */
public record StreamKey(Scope scope, String name) {
}
