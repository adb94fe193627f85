package dev.kvsedge.server.store;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamKey;
import dev.kvsedge.server.streams.StreamStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * {@link StreamStore} in the tables {@code streams} and {@code stream_tags} of a {@link Database}.
 * Reads are single statements in auto-commit mode (a consistent snapshot, no lock); {@code update} and
 * {@code delete} lock the stream's row (SQLite: the database) before reading it.
 */
public final class JdbcStreamStore implements StreamStore {

    private static final String STREAM_COLUMNS = "s.account_id, s.region, s.name, s.arn, s.device_name, s.media_type,"
            + " s.kms_key_id, s.version, s.creation_time_ms, s.data_retention_hours";
    private static final String JOIN_TAGS = " LEFT JOIN stream_tags t"
            + " ON t.account_id = s.account_id AND t.region = s.region AND t.name = s.name";
    private static final String KEY_IS = "account_id = ? AND region = ? AND name = ?";

    private static final String FIND = "SELECT " + STREAM_COLUMNS + ", t.tag_key, t.tag_value FROM streams s"
            + JOIN_TAGS + " WHERE s.account_id = ? AND s.region = ? AND s.name = ?";
    private static final String INSERT_IF_ABSENT = "INSERT INTO streams (account_id, region, name, arn, device_name,"
            + " media_type, kms_key_id, version, creation_time_ms, data_retention_hours)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name) DO NOTHING";
    private static final String UPDATE = "UPDATE streams SET arn = ?, device_name = ?, media_type = ?, kms_key_id = ?,"
            + " version = ?, creation_time_ms = ?, data_retention_hours = ? WHERE " + KEY_IS;
    private static final String DELETE = "DELETE FROM streams WHERE " + KEY_IS; // tags go by ON DELETE CASCADE
    private static final String SELECT_TAGS = "SELECT tag_key, tag_value FROM stream_tags WHERE " + KEY_IS;
    private static final String PUT_TAG = "INSERT INTO stream_tags (account_id, region, name, tag_key, tag_value)"
            + " VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, region, name, tag_key) DO UPDATE SET tag_value = excluded.tag_value";
    private static final String DELETE_TAG = "DELETE FROM stream_tags WHERE " + KEY_IS + " AND tag_key = ?";

    private final Database db;
    private final String selectForUpdate;
    private final String byName;

    public JdbcStreamStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        Database.Dialect dialect = db.dialect();
        this.selectForUpdate = "SELECT " + STREAM_COLUMNS + " FROM streams s WHERE s.account_id = ? AND s.region = ?"
                + " AND s.name = ?" + dialect.forUpdate();
        this.byName = dialect.binary("s.name");
    }

    @Override
    public boolean create(Stream stream) {
        Stream toStore = checked(stream);
        return db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT_IF_ABSENT)) {
                bindKey(insert, 1, toStore.key());
                bindFields(insert, 4, toStore);
                if (insert.executeUpdate() == 0) {
                    return false;
                }
            }
            putTags(c, toStore.key(), toStore.tags());
            return true;
        });
    }

    @Override
    public Optional<Stream> find(StreamKey key) {
        Objects.requireNonNull(key, "stream");
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(FIND)) {
                bindKey(select, 1, key);
                try (ResultSet rs = select.executeQuery()) {
                    List<Stream> found = streamsWithTags(rs);
                    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
                }
            }
        });
    }

    @Override
    public List<Stream> list(Scope scope, String namePrefix, String startAfter, int limit) {
        Objects.requireNonNull(scope, "scope");
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        // Prefix as a range of names, so that no character is a wildcard and the primary key serves it.
        String prefix = namePrefix == null || namePrefix.isEmpty() ? null : namePrefix;
        String prefixEnd = prefix == null ? null : prefixEnd(prefix);
        StringBuilder page = new StringBuilder("SELECT * FROM streams s WHERE s.account_id = ? AND s.region = ?");
        if (prefix != null) {
            page.append(" AND ").append(byName).append(" >= ?");
        }
        if (prefixEnd != null) {
            page.append(" AND ").append(byName).append(" < ?");
        }
        if (startAfter != null) {
            page.append(" AND ").append(byName).append(" > ?");
        }
        page.append(" ORDER BY ").append(byName).append(" LIMIT ?");
        // One statement for the page and its tags: no query per stream, and one snapshot.
        String sql = "SELECT " + STREAM_COLUMNS + ", t.tag_key, t.tag_value FROM (" + page + ") s" + JOIN_TAGS
                + " ORDER BY " + byName;
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                int i = 1;
                select.setString(i++, scope.accountId());
                select.setString(i++, scope.region());
                if (prefix != null) {
                    select.setString(i++, prefix);
                }
                if (prefixEnd != null) {
                    select.setString(i++, prefixEnd);
                }
                if (startAfter != null) {
                    select.setString(i++, startAfter);
                }
                select.setInt(i, limit);
                try (ResultSet rs = select.executeQuery()) {
                    return List.copyOf(streamsWithTags(rs));
                }
            }
        });
    }

    /**
     * The least string greater than every string starting with {@code prefix}, in code point order
     * (= UTF-8 byte order, as the database compares); null when there is none.
     */
    static String prefixEnd(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            int next = codePoints[i] + 1;
            if (next == Character.MIN_SURROGATE) {
                next = Character.MAX_SURROGATE + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                codePoints[i] = next;
                return new String(codePoints, 0, i + 1);
            }
        }
        return null;
    }

    @Override
    public Optional<Stream> update(StreamKey key, UnaryOperator<Stream> change) {
        Objects.requireNonNull(key, "stream");
        Objects.requireNonNull(change, "change");
        return db.inTransaction(c -> {
            Optional<Stream> current = lockAndRead(c, key);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Stream changed = change.apply(current.get());
            if (changed == null) {
                throw new IllegalStateException("the change of stream " + key + " returned null");
            }
            if (!key.equals(changed.key())) {
                throw new IllegalStateException("the change of stream " + key + " renamed it to " + changed.key());
            }
            Stream next = checked(changed);
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                bindFields(update, 1, next);
                bindKey(update, 8, key);
                update.executeUpdate();
            }
            SortedMap<String, String> oldTags = current.get().tags();
            List<String> removed = oldTags.keySet().stream().filter(k -> !next.tags().containsKey(k)).toList();
            if (!removed.isEmpty()) {
                try (PreparedStatement delete = c.prepareStatement(DELETE_TAG)) {
                    for (String tagKey : removed) {
                        bindKey(delete, 1, key);
                        delete.setString(4, tagKey);
                        delete.addBatch();
                    }
                    delete.executeBatch();
                }
            }
            Map<String, String> put = new TreeMap<>(next.tags());
            put.entrySet().removeIf(e -> e.getValue().equals(oldTags.get(e.getKey())));
            putTags(c, key, put);
            return Optional.of(next);
        });
    }

    @Override
    public boolean delete(StreamKey key, Consumer<Stream> check) {
        Objects.requireNonNull(key, "stream");
        Objects.requireNonNull(check, "check");
        return db.inTransaction(c -> {
            Optional<Stream> current = lockAndRead(c, key);
            if (current.isEmpty()) {
                return false;
            }
            check.accept(current.get());
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                bindKey(delete, 1, key);
                delete.executeUpdate();
            }
            return true;
        });
    }

    /**
     * The stream, its row locked until the transaction ends. Tags are read by a second statement once
     * the lock is held: on PostgreSQL (READ COMMITTED) a statement that waited for the lock re-reads the
     * locked row only, so a join could return the tags as they were before the previous writer's commit.
     */
    private Optional<Stream> lockAndRead(Connection c, StreamKey key) throws SQLException {
        Stream stream;
        try (PreparedStatement select = c.prepareStatement(selectForUpdate)) {
            bindKey(select, 1, key);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                stream = stream(rs, new TreeMap<>());
            }
        }
        SortedMap<String, String> tags = new TreeMap<>();
        try (PreparedStatement select = c.prepareStatement(SELECT_TAGS)) {
            bindKey(select, 1, key);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tags.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return Optional.of(stream.withTags(tags));
    }

    /** Rows of {@link #STREAM_COLUMNS} then tag key and value, ordered (at least grouped) by stream. */
    private static List<Stream> streamsWithTags(ResultSet rs) throws SQLException {
        List<Stream> streams = new ArrayList<>();
        Stream stream = null;
        SortedMap<String, String> tags = null;
        while (rs.next()) {
            String name = rs.getString(3);
            if (stream == null || !stream.key().name().equals(name)) {
                if (stream != null) {
                    streams.add(stream.withTags(tags));
                }
                tags = new TreeMap<>();
                stream = stream(rs, tags);
            }
            String tagKey = rs.getString(11);
            if (tagKey != null) {
                tags.put(tagKey, rs.getString(12));
            }
        }
        if (stream != null) {
            streams.add(stream.withTags(tags));
        }
        return streams;
    }

    private static Stream stream(ResultSet rs, SortedMap<String, String> tags) throws SQLException {
        return new Stream(
                new StreamKey(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                Instant.ofEpochMilli(rs.getLong(9)),
                rs.getInt(10),
                tags);
    }

    private static void putTags(Connection c, StreamKey key, Map<String, String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement put = c.prepareStatement(PUT_TAG)) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                bindKey(put, 1, key);
                put.setString(4, tag.getKey());
                put.setString(5, tag.getValue());
                put.addBatch();
            }
            put.executeBatch();
        }
    }

    private static void bindKey(PreparedStatement statement, int first, StreamKey key) throws SQLException {
        statement.setString(first, key.scope().accountId());
        statement.setString(first + 1, key.scope().region());
        statement.setString(first + 2, key.name());
    }

    /** Binds the 7 columns after the key, in table order. */
    private static void bindFields(PreparedStatement statement, int first, Stream stream) throws SQLException {
        statement.setString(first, stream.arn());
        statement.setString(first + 1, stream.deviceName());
        statement.setString(first + 2, stream.mediaType());
        statement.setString(first + 3, stream.kmsKeyId());
        statement.setString(first + 4, stream.version());
        statement.setLong(first + 5, stream.creationTime().toEpochMilli());
        statement.setInt(first + 6, stream.dataRetentionInHours());
    }

    /** The stream as it will be stored (creation time in whole milliseconds); rejects missing values. */
    private static Stream checked(Stream stream) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(stream.key(), "stream");
        Objects.requireNonNull(stream.arn(), "arn");
        Objects.requireNonNull(stream.version(), "version");
        Objects.requireNonNull(stream.creationTime(), "creationTime");
        stream.tags().forEach((k, v) -> Objects.requireNonNull(v, () -> "value of tag " + k));
        Instant millis = Instant.ofEpochMilli(stream.creationTime().toEpochMilli());
        if (millis.equals(stream.creationTime())) {
            return stream;
        }
        return new Stream(stream.key(), stream.arn(), stream.deviceName(), stream.mediaType(), stream.kmsKeyId(),
                stream.version(), millis, stream.dataRetentionInHours(), stream.tags());
    }
}
