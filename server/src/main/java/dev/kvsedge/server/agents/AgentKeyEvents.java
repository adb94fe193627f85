package dev.kvsedge.server.agents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The activity log of agent key pairs: one INFO line when one is minted and when one is revoked, never its secret. */
final class AgentKeyEvents {
    private static final Logger LOG = LoggerFactory.getLogger(AgentKeyEvents.class);

    private AgentKeyEvents() {}

    static void minted(String accessKeyId, String hubDeviceArn) {
        LOG.atInfo().setMessage("agent credentials created").addKeyValue("accessKeyId", accessKeyId)
                .addKeyValue("hub", hubDeviceArn).log();
    }

    static void revoked(String accessKeyId) {
        LOG.atInfo().setMessage("agent credentials revoked").addKeyValue("accessKeyId", accessKeyId).log();
    }
}
