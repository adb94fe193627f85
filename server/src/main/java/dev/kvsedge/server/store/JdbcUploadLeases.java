package dev.kvsedge.server.store;

import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.ingest.UploadLeases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;

/** Uploads' fencing tokens, kept in the stream's row ({@code streams.upload_token}, {@code upload_node}). */
public final class JdbcUploadLeases implements UploadLeases {
    private static final String TAKE = "UPDATE streams SET upload_token = upload_token + 1, upload_node = ? WHERE arn = ?";
    private static final String CURRENT = "SELECT upload_token FROM streams WHERE arn = ?";

    private final Database db;
    private final NodeId node;

    public JdbcUploadLeases(Database db, NodeId node) {
        this.db = db;
        this.node = node;
    }

    @Override
    public OptionalLong take(String streamArn) {
        return db.inTransaction(c -> {
            try (PreparedStatement take = c.prepareStatement(TAKE)) {
                take.setString(1, node.value());
                take.setString(2, streamArn);
                if (take.executeUpdate() == 0) {
                    return OptionalLong.empty();
                }
            }
            return current(c, streamArn);
        });
    }

    @Override
    public OptionalLong current(String streamArn) {
        return db.withConnection(c -> current(c, streamArn));
    }

    private static OptionalLong current(Connection c, String streamArn) throws SQLException {
        try (PreparedStatement read = c.prepareStatement(CURRENT)) {
            read.setString(1, streamArn);
            try (ResultSet rs = read.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
