package dev.kvsedge.server.secrets;

import dev.kvsedge.server.accounts.Scope;
import java.util.Set;

/**
 * What an edge agent may read: the {@code MediaUriSecretArn}s that the edge configurations of its
 * hub device name, as written (a full ARN, or a partial one without the random suffix). A port, so
 * that secrets know nothing of how edge configurations are kept.
 */
@FunctionalInterface
public interface HubSecretReferences {

    Set<String> secretArns(Scope scope, String hubDeviceArn);
}
