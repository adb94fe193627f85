package dev.kvsedge.server.auth;

import java.util.Optional;

/**
 * Finds the key pair named by a request's access key id. Called once per verified request, so implementations
 * should answer from memory.
 */
@FunctionalInterface
public interface CredentialLookup {

    Optional<Credential> find(String accessKeyId);
}
