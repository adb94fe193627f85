package dev.kvsedge.server.auth;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A fixed set of key pairs, e.g. from configuration; immutable, so safe to share between threads. */
public final class StaticCredentials implements CredentialLookup {

    private final Map<String, Credential> byAccessKeyId;

    public StaticCredentials(Collection<Credential> credentials) {
        Map<String, Credential> map = new HashMap<>();
        for (Credential credential : credentials) {
            if (map.putIfAbsent(credential.accessKeyId(), credential) != null) {
                // Two secrets for one key id would make verification depend on iteration order.
                throw new IllegalArgumentException("Duplicate access key id: " + credential.accessKeyId());
            }
        }
        this.byAccessKeyId = Map.copyOf(map);
    }

    public static StaticCredentials of(Credential... credentials) {
        return new StaticCredentials(List.of(credentials));
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        return Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }

    @Override
    public String toString() {
        return "StaticCredentials[" + byAccessKeyId.size() + " keys]";
    }
}
