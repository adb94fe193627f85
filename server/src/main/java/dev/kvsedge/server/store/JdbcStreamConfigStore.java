package dev.kvsedge.server.store;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.delivery.StreamConfigStore;
import dev.kvsedge.server.streams.StreamKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link StreamConfigStore} in the table {@code stream_configurations} of a {@link Database}. A row refers to its
 * stream (the foreign key deletes it with the stream); putting one for a stream that is gone inserts nothing.
 */
public final class JdbcStreamConfigStore implements StreamConfigStore {
    private static final String COLUMNS = "account_id, region, name, kind, stream_arn, config, enabled, last_fragment";
    private static final String KEY_IS = "account_id = ? AND region = ? AND name = ? AND kind = ?";
    private static final String FIND = "SELECT " + COLUMNS + " FROM stream_configurations WHERE " + KEY_IS;
    private static final String ENABLED = "SELECT " + COLUMNS
            + " FROM stream_configurations WHERE kind = ? AND enabled = 1"
            + " ORDER BY account_id, region, name";
    private static final String UPSERT = "INSERT INTO stream_configurations (" + COLUMNS + ", updated_ms)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM streams WHERE account_id = ? AND region = ?"
            + " AND name = ? AND arn = ?)"
            + " ON CONFLICT (account_id, region, name, kind) DO UPDATE SET stream_arn = excluded.stream_arn,"
            + " config = excluded.config, enabled = excluded.enabled, last_fragment = excluded.last_fragment,"
            + " updated_ms = excluded.updated_ms";
    private static final String DELETE = "DELETE FROM stream_configurations WHERE " + KEY_IS;
    private static final String ADVANCE = "UPDATE stream_configurations SET last_fragment = ? WHERE " + KEY_IS
            + " AND stream_arn = ? AND last_fragment < ?";

    private final Database db;

    public JdbcStreamConfigStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<Entry> find(StreamKey stream, String kind) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(FIND)) {
                bindKey(select, 1, stream, kind);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(entry(rs)) : Optional.<Entry>empty();
                }
            }
        });
    }

    @Override
    public boolean put(Entry entry, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                bindKey(upsert, 1, entry.stream(), entry.kind());
                upsert.setString(5, entry.streamArn());
                upsert.setString(6, entry.config());
                upsert.setInt(7, entry.enabled() ? 1 : 0);
                upsert.setLong(8, entry.lastFragment());
                upsert.setLong(9, now.toEpochMilli());
                upsert.setString(10, entry.stream().scope().accountId());
                upsert.setString(11, entry.stream().scope().region());
                upsert.setString(12, entry.stream().name());
                upsert.setString(13, entry.streamArn());
                return upsert.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean delete(StreamKey stream, String kind) {
        return db.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                bindKey(delete, 1, stream, kind);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<Entry> enabled(String kind) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(ENABLED)) {
                select.setString(1, kind);
                try (ResultSet rs = select.executeQuery()) {
                    List<Entry> entries = new ArrayList<>();
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                    return entries;
                }
            }
        });
    }

    @Override
    public void advance(StreamKey stream, String kind, String streamArn, long lastFragment) {
        db.inTransaction(c -> {
            try (PreparedStatement update = c.prepareStatement(ADVANCE)) {
                update.setLong(1, lastFragment);
                bindKey(update, 2, stream, kind);
                update.setString(6, streamArn);
                update.setLong(7, lastFragment);
                return update.executeUpdate();
            }
        });
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(new StreamKey(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3)), rs.getString(5),
                rs.getString(4), rs.getString(6), rs.getInt(7) != 0, rs.getLong(8));
    }

    private static void bindKey(PreparedStatement statement, int first, StreamKey stream, String kind)
            throws SQLException {
        statement.setString(first, stream.scope().accountId());
        statement.setString(first + 1, stream.scope().region());
        statement.setString(first + 2, stream.name());
        statement.setString(first + 3, kind);
    }
}
