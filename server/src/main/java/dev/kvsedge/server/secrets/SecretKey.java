package dev.kvsedge.server.secrets;

import dev.kvsedge.server.accounts.Scope;

/** Names one secret: unique within its account and region, as in AWS. */
public record SecretKey(Scope scope, String name) {}
