package dev.kvsedge.server.edge;

import dev.kvsedge.server.edge.EdgeConfigStore.EdgeWrite;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The activity log of edge configurations: one line per sync state change (INFO; WARN when it failed), with the
 * stream, the hub device, both states and why, and one when a hub's agent starts polling again after a silence.
 */
final class EdgeEvents {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeEvents.class);
    /** The user part of a URI in an agent's failure details: it may be a camera's password. */
    private static final Pattern URI_USER = Pattern.compile("(?<=://)[^/@\\s]+@");

    private EdgeEvents() {}

    /** Logs what {@code write} did to the configuration that was {@code before}, when its state changed. */
    static void changed(Optional<EdgeConfiguration> before, EdgeWrite write, SyncEvent event) {
        if (!write.write()) {
            return;
        }
        SyncStatus from = before.map(EdgeConfiguration::status).orElse(null);
        SyncStatus to = write.after().map(EdgeConfiguration::status).orElse(null);
        if (from == to) {
            return; // a status report: the jobs' state, not the configuration's
        }
        EdgeConfiguration config = write.after().or(() -> before).orElseThrow();
        String details = write.after().map(EdgeConfiguration::failedStatusDetails).orElse(null);
        boolean failed = to == SyncStatus.SYNC_FAILED || to == SyncStatus.DELETE_FAILED;
        LOG.atLevel(failed ? Level.WARN : Level.INFO).setMessage("edge configuration state changed")
                .addKeyValue("stream", config.stream().name())
                .addKeyValue("hub", config.hubDeviceArn())
                .addKeyValue("from", from == null ? "none" : from.name())
                .addKeyValue("to", to == null ? "removed" : to.name())
                .addKeyValue("reason", reason(event, details))
                .log();
    }

    /** @param silence how long the agent was not seen, or null when this server never saw it before */
    static void agentConnected(String hubDeviceArn, Duration silence) {
        LOG.atInfo().setMessage("edge agent connected").addKeyValue("hub", hubDeviceArn)
                .addKeyValue(silence == null ? "firstSinceServerStart" : "silentSeconds",
                        silence == null ? (Object) Boolean.TRUE : (Object) silence.toSeconds())
                .log();
    }

    private static String reason(SyncEvent event, String details) {
        String why = switch (event) {
            case START -> "StartEdgeConfigurationUpdate";
            case DELETE -> "DeleteEdgeConfiguration";
            case AGENT_RECEIVED -> "the edge agent received it";
            case AGENT_APPLIED -> "the edge agent applied it";
            case AGENT_FAILED -> "the edge agent could not apply it";
            case AGENT_DELETE_RECEIVED -> "the edge agent received the deletion";
            case AGENT_DELETED -> "the edge agent deleted it";
            case AGENT_DELETE_FAILED -> "the edge agent could not delete it";
            case DEADLINE -> "timed out";
        };
        return details == null || details.isBlank() ? why : why + ": " + URI_USER.matcher(details).replaceAll("***@");
    }
}
