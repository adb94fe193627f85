package dev.kvsedge.server.agents;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Durable storage of agent key pairs. */
public interface AgentCredentialStore {

    void create(AgentCredential credential);

    Optional<AgentCredential> find(String accessKeyId);

    /** The account's key pairs, of one hub device when {@code hubDeviceArn} is not null, oldest first. */
    List<AgentCredential> list(String accountId, @Nullable String hubDeviceArn);

    /** Returns false when the account has no such key pair. */
    boolean delete(String accountId, String accessKeyId);
}
