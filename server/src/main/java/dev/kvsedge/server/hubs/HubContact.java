package dev.kvsedge.server.hubs;

import dev.kvsedge.server.accounts.Scope;
import java.time.Instant;

/**
 * A hub device's latest contact with the server: its agent's long-poll.
 *
 * @param accessKeyId the key the agent signed with (its id only)
 * @param agentKey true for an agent key pair (which can be revoked), false for admin credentials
 * @param agentVersion what the agent said it is, or null (agents before the console do not say)
 * @param timeZone the zone the agent evaluates schedules in, or null
 */
public record HubContact(Scope scope, String hubDeviceArn, String accessKeyId, boolean agentKey, String agentVersion,
        String timeZone, Instant lastContact) {}
