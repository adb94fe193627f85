package dev.kvsedge.server.auth;

import java.util.Objects;

/**
 * Who a key pair belongs to: an admin of the account ({@code hubDeviceArn} null) or an agent bound to one hub
 * device, which the control plane confines to that device's resources.
 */
public record Principal(String accountId, String hubDeviceArn) {

    public Principal {
        Objects.requireNonNull(accountId, "accountId");
    }

    public boolean isAdmin() {
        return hubDeviceArn == null;
    }
}
