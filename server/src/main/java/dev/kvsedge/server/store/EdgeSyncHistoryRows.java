package dev.kvsedge.server.store;

import dev.kvsedge.server.edge.EdgeConfiguration;
import dev.kvsedge.server.edge.SyncHistoryEntry;
import dev.kvsedge.server.streams.StreamKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The table {@code edge_sync_history}: {@link JdbcEdgeConfigStore} appends a row in the transaction of each
 * change of sync state (so history and state never disagree) and keeps the newest {@link #KEPT} per stream.
 */
final class EdgeSyncHistoryRows {
    static final int KEPT = 100;
    private static final String KEY_IS = "account_id = ? AND region = ? AND stream_name = ?";
    private static final String NEXT_SEQ = "SELECT COALESCE(MAX(seq), 0) + 1 FROM edge_sync_history WHERE " + KEY_IS;
    private static final String INSERT = "INSERT INTO edge_sync_history (account_id, region, stream_name, seq, stream_arn,"
            + " time_ms, sync_status, failed_status_details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** Rows past the newest KEPT, and those of an earlier stream of the same name (deleted and created again). */
    private static final String PRUNE = "DELETE FROM edge_sync_history WHERE " + KEY_IS
            + " AND (seq <= ? OR stream_arn <> ?)";
    private static final String LIST = "SELECT time_ms, sync_status, failed_status_details FROM edge_sync_history WHERE "
            + KEY_IS + " AND stream_arn = ? ORDER BY seq DESC LIMIT ?";

    private EdgeSyncHistoryRows() {}

    /** Appends what the change did to the sync state, if anything; {@code now} dates a removal. */
    static void record(Connection c, StreamKey stream, Optional<EdgeConfiguration> before,
            Optional<EdgeConfiguration> after,
            Instant now) throws SQLException {
        if (after.isPresent()) {
            EdgeConfiguration cfg = after.get();
            boolean entered = before.isEmpty() || before.get().status() != cfg.status()
                    || !before.get().lastUpdatedTime().equals(cfg.lastUpdatedTime());
            if (entered && cfg.status() != null) {
                append(c, stream, cfg.streamArn(), cfg.lastUpdatedTime(), cfg.status().name(),
                        cfg.failedStatusDetails());
            }
        } else if (before.isPresent()) {
            append(c, stream, before.get().streamArn(), now, SyncHistoryEntry.DELETED, null);
        }
    }

    private static void append(Connection c, StreamKey stream, String streamArn, Instant time, String status,
            String details)
            throws SQLException {
        long seq;
        try (PreparedStatement next = c.prepareStatement(NEXT_SEQ)) {
            bindKey(next, stream);
            try (ResultSet rs = next.executeQuery()) {
                rs.next();
                seq = rs.getLong(1);
            }
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            bindKey(insert, stream);
            insert.setLong(4, seq);
            insert.setString(5, streamArn);
            insert.setLong(6, time.toEpochMilli());
            insert.setString(7, status);
            insert.setString(8, details);
            insert.executeUpdate();
        }
        try (PreparedStatement prune = c.prepareStatement(PRUNE)) {
            bindKey(prune, stream);
            prune.setLong(4, seq - KEPT);
            prune.setString(5, streamArn);
            prune.executeUpdate();
        }
    }

    static List<SyncHistoryEntry> list(Connection c, StreamKey stream, String streamArn, int limit)
            throws SQLException {
        try (PreparedStatement select = c.prepareStatement(LIST)) {
            bindKey(select, stream);
            select.setString(4, streamArn);
            select.setInt(5, limit);
            List<SyncHistoryEntry> entries = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    entries.add(new SyncHistoryEntry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2),
                            rs.getString(3)));
                }
            }
            return entries;
        }
    }

    private static void bindKey(PreparedStatement statement, StreamKey stream) throws SQLException {
        statement.setString(1, stream.scope().accountId());
        statement.setString(2, stream.scope().region());
        statement.setString(3, stream.name());
    }
}
