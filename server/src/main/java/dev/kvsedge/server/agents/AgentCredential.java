package dev.kvsedge.server.agents;

import java.time.Instant;

/**
 * An agent's key pair as stored: the secret only sealed (see {@code SecretBox}), bound to the access
 * key id, so the database alone never reveals it.
 */
public record AgentCredential(String accessKeyId, byte[] sealedSecret, String accountId, String hubDeviceArn,
        Instant creationTime) {}
