package dev.kvsedge.server;

import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.edge.EdgeConfigStore;
import dev.kvsedge.server.edge.EdgeConfiguration;
import dev.kvsedge.server.secrets.HubSecretReferences;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers the secrets' question "which camera secrets does this hub's agent need" from the edge
 * store: the MediaUriSecretArn of every configuration bound to the hub, whatever its sync state
 * (an agent mid-sync or mid-deletion may still be reading its cameras).
 */
final class EdgeSecretReferences implements HubSecretReferences {
    private static final int PAGE = 100;

    private final EdgeConfigStore edge;

    EdgeSecretReferences(EdgeConfigStore edge) {
        this.edge = edge;
    }

    @Override
    public Set<String> secretArns(Scope scope, String hubDeviceArn) {
        Set<String> arns = new HashSet<>();
        String after = null;
        while (true) {
            List<EdgeConfiguration> page = edge.listByHub(scope, hubDeviceArn, after, PAGE);
            for (EdgeConfiguration configuration : page) {
                EdgeConfig config = configuration.config();
                if (config.recorderConfig() != null && config.recorderConfig().mediaSourceConfig() != null
                        && config.recorderConfig().mediaSourceConfig().mediaUriSecretArn() != null) {
                    arns.add(config.recorderConfig().mediaSourceConfig().mediaUriSecretArn());
                }
            }
            if (page.size() < PAGE) {
                return arns;
            }
            after = page.getLast().stream().name();
        }
    }
}
