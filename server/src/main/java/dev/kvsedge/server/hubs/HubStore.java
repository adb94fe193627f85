package dev.kvsedge.server.hubs;

import dev.kvsedge.server.accounts.Scope;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the server remembers of hub devices beyond their edge configurations: agent contacts and backlogs. */
public interface HubStore {

    /** Replaces the hub's last contact with this one. */
    void recordContact(HubContact contact);

    Optional<HubContact> contact(Scope scope, String hubDeviceArn);

    /** The hub devices of the scope that have an edge configuration or made contact, in ARN order. */
    List<String> hubs(Scope scope);

    /** Replaces the stream's last backlog report with this one. */
    void recordBacklog(StreamBacklog backlog);

    /** The last backlog reports of the streams that have one, by stream ARN. */
    Map<String, StreamBacklog> backlogs(Collection<String> streamArns);
}
