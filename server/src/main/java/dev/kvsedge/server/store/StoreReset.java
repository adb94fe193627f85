package dev.kvsedge.server.store;

import java.sql.Statement;

/**
 * Empties a database as a test needs between two tests: every stream, edge configuration (with its sync history),
 * hub contact and backlog, agent credential and secret goes in one transaction, far cheaper than a new server. Fragments stay for the retention sweep, which
 * finds them orphaned and deletes each blob before its row; the hubs' change sequences move on instead of
 * starting over, so an agent's long-poll sees its configurations go rather than waiting for a number it passed.
 */
public final class StoreReset {
    /** Children before parents, although the cascades would take the children along. */
    private static final String[] DELETE_ALL = {
            "DELETE FROM stream_configurations",
            "DELETE FROM stream_tags",
            "DELETE FROM streams",
            "DELETE FROM edge_sync_history",
            "DELETE FROM edge_configurations",
            "DELETE FROM stream_backlogs",
            "DELETE FROM hub_contacts",
            "DELETE FROM agent_credentials",
            "DELETE FROM secret_version_stages",
            "DELETE FROM secret_versions",
            "DELETE FROM secret_tags",
            "DELETE FROM secrets",
            "UPDATE hub_changes SET sequence = sequence + 1",
    };

    private StoreReset() {}

    /** Deletes every stream, edge configuration, agent credential and secret, of every account and region. */
    public static void deleteAll(Database db) {
        db.inTransaction(c -> {
            try (Statement statement = c.createStatement()) {
                for (String sql : DELETE_ALL) {
                    statement.executeUpdate(sql);
                }
            }
            return null;
        });
    }
}
