package dev.kvsedge.server.store;

import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import dev.kvsedge.server.fragments.NewFragment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/** {@link FragmentStore} in the table {@code fragments} of a {@link Database}. */
public final class JdbcFragmentStore implements FragmentStore {

    private static final String COLUMNS = "f.stream_arn, f.fragment_number, f.producer_ms, f.server_ms, f.duration_ms,"
            + " f.blob_key, f.blob_size, f.header_length";
    private static final String INSERT = "INSERT INTO fragments (stream_arn, fragment_number, producer_ms, server_ms,"
            + " duration_ms, blob_key, blob_size, header_length) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String AFTER = "SELECT " + COLUMNS + " FROM fragments f WHERE f.stream_arn = ?"
            + " AND f.fragment_number > ? ORDER BY f.fragment_number LIMIT ?";
    private static final String LATEST = "SELECT " + COLUMNS + " FROM fragments f WHERE f.stream_arn = ?"
            + " ORDER BY f.fragment_number DESC LIMIT 1";
    private static final String COUNT = "SELECT COUNT(*) FROM fragments WHERE stream_arn = ? AND fragment_number >= ?"
            + " AND fragment_number < ?";
    private static final String LOCK_STREAM = "SELECT upload_token FROM streams WHERE arn = ?";
    private static final String LAST_NUMBER = "SELECT MAX(fragment_number) FROM fragments WHERE stream_arn = ?";
    private static final String DELETE = "DELETE FROM fragments WHERE stream_arn = ? AND fragment_number = ?";
    // A fragment expires when its stream is gone (no row has its ARN) or its age passed the stream's retention.
    private static final String EXPIRED = "SELECT " + COLUMNS
            + " FROM fragments f LEFT JOIN streams s ON s.arn = f.stream_arn"
            + " WHERE s.arn IS NULL OR f.server_ms < ? - s.data_retention_hours * 3600000 LIMIT ?";

    private final Database db;

    public JdbcFragmentStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(Fragment f) {
        db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                bind(insert, f);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Optional<Fragment>> append(List<NewFragment> fragments, LongSupplier proposed) {
        if (fragments.isEmpty()) {
            return List.of();
        }
        return db.inTransaction(c -> {
            // Each stream's row is locked, in ARN order so that two servers' batches never deadlock, and only then is
            // its last number read: a stream's commits take turns, and its numbers grow in the order they commit.
            // FOR NO KEY UPDATE waits for DeleteStream and UpdateStream but not for tags being added.
            String lock = LOCK_STREAM + (db.dialect() == Database.Dialect.POSTGRESQL ? " FOR NO KEY UPDATE" : "");
            Map<String, Long> last = new HashMap<>();
            Map<String, Long> uploads = new HashMap<>();
            for (String arn : new TreeSet<>(fragments.stream().map(NewFragment::streamArn).toList())) {
                Long upload = uploadToken(c, lock, arn);
                if (upload != null) {
                    uploads.put(arn, upload);
                    last.put(arn, lastNumber(c, arn));
                }
            }
            List<Optional<Fragment>> indexed = new ArrayList<>(fragments.size());
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (NewFragment f : fragments) {
                    Long previous = last.get(f.streamArn());
                    if (previous == null || fenced(f, uploads.get(f.streamArn()))) {
                        indexed.add(Optional.empty());
                        continue;
                    }
                    Fragment numbered = f.numbered(Math.max(previous + 1, proposed.getAsLong()));
                    last.put(f.streamArn(), numbered.number());
                    bind(insert, numbered);
                    insert.addBatch();
                    indexed.add(Optional.of(numbered));
                }
                insert.executeBatch();
            }
            return indexed;
        });
    }

    /** Whether the fragment's upload lost its stream to a newer one. */
    private static boolean fenced(NewFragment f, long streamsUpload) {
        return f.uploadToken() != NewFragment.UNFENCED && f.uploadToken() != streamsUpload;
    }

    /** Locks the stream's row and reads the token of the upload that holds it; null when the stream is gone. */
    private static Long uploadToken(Connection c, String lock, String arn) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(lock)) {
            select.setString(1, arn);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The stream's highest fragment number, -1 when it has none. */
    private static long lastNumber(Connection c, String arn) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(LAST_NUMBER)) {
            select.setString(1, arn);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                long max = rs.getLong(1);
                return rs.wasNull() ? -1 : max;
            }
        }
    }

    private static void bind(PreparedStatement insert, Fragment f) throws SQLException {
        insert.setString(1, f.streamArn());
        insert.setLong(2, f.number());
        insert.setLong(3, f.producerTimestamp().toEpochMilli());
        insert.setLong(4, f.serverTimestamp().toEpochMilli());
        insert.setLong(5, f.durationMillis());
        insert.setString(6, f.blobKey());
        insert.setLong(7, f.blobSize());
        insert.setInt(8, f.headerLength());
    }

    @Override
    public List<Fragment> inRange(String streamArn, TimeKind kind, Instant from, Instant to, Instant afterTime,
            Long afterNumber, int limit) {
        String time = kind == TimeKind.PRODUCER ? "f.producer_ms" : "f.server_ms";
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS)
                .append(" FROM fragments f WHERE f.stream_arn = ?")
                .append(" AND ").append(time).append(" >= ? AND ").append(time).append(" <= ?");
        if (afterTime != null) {
            sql.append(" AND (").append(time).append(" > ? OR (").append(time)
                    .append(" = ? AND f.fragment_number > ?))");
        }
        sql.append(" ORDER BY ").append(time).append(", f.fragment_number LIMIT ?");
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(sql.toString())) {
                int i = 1;
                select.setString(i++, streamArn);
                select.setLong(i++, from.toEpochMilli());
                select.setLong(i++, to.toEpochMilli());
                if (afterTime != null) {
                    select.setLong(i++, afterTime.toEpochMilli());
                    select.setLong(i++, afterTime.toEpochMilli());
                    select.setLong(i++, afterNumber);
                }
                select.setInt(i, limit);
                return fragments(select);
            }
        });
    }

    @Override
    public List<Fragment> byNumbers(String streamArn, List<Long> numbers) {
        if (numbers.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT " + COLUMNS + " FROM fragments f WHERE f.stream_arn = ? AND f.fragment_number IN ("
                + "?,".repeat(numbers.size() - 1) + "?)";
        List<Fragment> found = db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setString(1, streamArn);
                for (int i = 0; i < numbers.size(); i++) {
                    select.setLong(i + 2, numbers.get(i));
                }
                return fragments(select);
            }
        });
        Map<Long, Fragment> byNumber = new HashMap<>();
        found.forEach(f -> byNumber.put(f.number(), f));
        List<Fragment> ordered = new ArrayList<>(numbers.size());
        for (Long number : numbers) {
            Fragment f = byNumber.get(number);
            if (f != null) {
                ordered.add(f);
            }
        }
        return ordered;
    }

    @Override
    public List<Fragment> after(String streamArn, long afterNumber, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(AFTER)) {
                select.setString(1, streamArn);
                select.setLong(2, afterNumber);
                select.setInt(3, limit);
                return fragments(select);
            }
        });
    }

    @Override
    public Optional<Fragment> latest(String streamArn) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(LATEST)) {
                select.setString(1, streamArn);
                return fragments(select).stream().findFirst();
            }
        });
    }

    @Override
    public long count(String streamArn, long fromNumber, long beforeNumber) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(COUNT)) {
                select.setString(1, streamArn);
                select.setLong(2, fromNumber);
                select.setLong(3, beforeNumber);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<Fragment> expired(Instant now, int limit) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(EXPIRED)) {
                select.setLong(1, now.toEpochMilli());
                select.setInt(2, limit);
                return fragments(select);
            }
        });
    }

    @Override
    public void delete(Collection<Fragment> fragments) {
        if (fragments.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                for (Fragment f : fragments) {
                    delete.setString(1, f.streamArn());
                    delete.setLong(2, f.number());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            return null;
        });
    }

    @Override
    public Set<String> knownBlobKeys(Collection<String> blobKeys) {
        if (blobKeys.isEmpty()) {
            return Set.of();
        }
        String sql = "SELECT blob_key FROM fragments WHERE blob_key IN (" + "?,".repeat(blobKeys.size() - 1) + "?)";
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                int i = 1;
                for (String key : blobKeys) {
                    select.setString(i++, key);
                }
                Set<String> known = new HashSet<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        known.add(rs.getString(1));
                    }
                }
                return known;
            }
        });
    }

    private static List<Fragment> fragments(PreparedStatement select) throws SQLException {
        List<Fragment> out = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                out.add(new Fragment(rs.getString(1), rs.getLong(2), Instant.ofEpochMilli(rs.getLong(3)),
                        Instant.ofEpochMilli(rs.getLong(4)), rs.getLong(5), rs.getString(6), rs.getLong(7),
                        rs.getInt(8)));
            }
        }
        return out;
    }
}
