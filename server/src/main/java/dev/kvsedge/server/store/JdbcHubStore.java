package dev.kvsedge.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.hubs.HubContact;
import dev.kvsedge.server.hubs.HubStore;
import dev.kvsedge.server.hubs.StreamBacklog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** {@link HubStore} in the tables {@code hub_contacts} and {@code stream_backlogs} of a {@link Database}. */
public final class JdbcHubStore implements HubStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int IN_CHUNK = 200;
    private static final String CONTACT_COLUMNS = "account_id, region, hub_device_arn, access_key_id, agent_key, agent_version,"
            + " time_zone, last_contact_ms";
    private static final String UPSERT_CONTACT = "INSERT INTO hub_contacts (" + CONTACT_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (account_id, region, hub_device_arn) DO UPDATE SET access_key_id = excluded.access_key_id,"
            + " agent_key = excluded.agent_key, agent_version = excluded.agent_version, time_zone = excluded.time_zone,"
            + " last_contact_ms = excluded.last_contact_ms";
    private static final String FIND_CONTACT = "SELECT " + CONTACT_COLUMNS + " FROM hub_contacts"
            + " WHERE account_id = ? AND region = ? AND hub_device_arn = ?";
    private static final String HUBS = "SELECT hub_device_arn FROM edge_configurations WHERE account_id = ? AND region = ?"
            + " UNION SELECT hub_device_arn FROM hub_contacts WHERE account_id = ? AND region = ?";
    private static final String BACKLOG_COLUMNS = "stream_arn, segments, bytes, oldest_ms, pending_ranges, reported_ms";
    private static final String UPSERT_BACKLOG = "INSERT INTO stream_backlogs (" + BACKLOG_COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (stream_arn) DO UPDATE SET segments = excluded.segments, bytes = excluded.bytes,"
            + " oldest_ms = excluded.oldest_ms, pending_ranges = excluded.pending_ranges, reported_ms = excluded.reported_ms";
    private static final String BACKLOGS = "SELECT " + BACKLOG_COLUMNS
            + " FROM stream_backlogs WHERE stream_arn IN (%s)";

    private final Database db;

    public JdbcHubStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void recordContact(HubContact contact) {
        db.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT_CONTACT)) {
                upsert.setString(1, contact.scope().accountId());
                upsert.setString(2, contact.scope().region());
                upsert.setString(3, contact.hubDeviceArn());
                upsert.setString(4, contact.accessKeyId());
                upsert.setInt(5, contact.agentKey() ? 1 : 0);
                upsert.setString(6, contact.agentVersion());
                upsert.setString(7, contact.timeZone());
                upsert.setLong(8, contact.lastContact().toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Optional<HubContact> contact(Scope scope, String hubDeviceArn) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(FIND_CONTACT)) {
                select.setString(1, scope.accountId());
                select.setString(2, scope.region());
                select.setString(3, hubDeviceArn);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new HubContact(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3),
                                    rs.getString(4), rs.getInt(5) == 1, rs.getString(6), rs.getString(7),
                                    Instant.ofEpochMilli(rs.getLong(8))))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<String> hubs(Scope scope) {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(HUBS)) {
                select.setString(1, scope.accountId());
                select.setString(2, scope.region());
                select.setString(3, scope.accountId());
                select.setString(4, scope.region());
                TreeSet<String> hubs = new TreeSet<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        hubs.add(rs.getString(1));
                    }
                }
                return List.copyOf(hubs);
            }
        });
    }

    @Override
    public void recordBacklog(StreamBacklog backlog) {
        String ranges = ranges(backlog.pendingRanges());
        db.inTransaction(c -> {
            try (PreparedStatement upsert = c.prepareStatement(UPSERT_BACKLOG)) {
                upsert.setString(1, backlog.streamArn());
                upsert.setLong(2, backlog.segments());
                upsert.setLong(3, backlog.bytes());
                if (backlog.oldestRecording() == null) {
                    upsert.setNull(4, Types.BIGINT);
                } else {
                    upsert.setLong(4, backlog.oldestRecording().toEpochMilli());
                }
                upsert.setString(5, ranges);
                upsert.setLong(6, backlog.reported().toEpochMilli());
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public Map<String, StreamBacklog> backlogs(Collection<String> streamArns) {
        List<String> arns = List.copyOf(streamArns);
        Map<String, StreamBacklog> found = new HashMap<>();
        for (int from = 0; from < arns.size(); from += IN_CHUNK) {
            List<String> chunk = arns.subList(from, Math.min(arns.size(), from + IN_CHUNK));
            String sql = BACKLOGS.formatted(String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")));
            db.withConnection(c -> {
                try (PreparedStatement select = c.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            StreamBacklog b = backlog(rs);
                            found.put(b.streamArn(), b);
                        }
                    }
                }
                return null;
            });
        }
        return found;
    }

    private static StreamBacklog backlog(ResultSet rs) throws SQLException {
        long oldest = rs.getLong(4);
        Instant oldestRecording = rs.wasNull() ? null : Instant.ofEpochMilli(oldest);
        return new StreamBacklog(rs.getString(1), rs.getLong(2), rs.getLong(3), oldestRecording, spans(rs.getString(5)),
                Instant.ofEpochMilli(rs.getLong(6)));
    }

    private static String ranges(List<StreamBacklog.Span> spans) {
        long[][] pairs = spans.stream().map(s -> new long[] {s.start().toEpochMilli(), s.end().toEpochMilli()})
                .toArray(long[][]::new);
        try {
            return JSON.writeValueAsString(pairs);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<StreamBacklog.Span> spans(String json) throws SQLException {
        try {
            List<StreamBacklog.Span> spans = new ArrayList<>();
            for (long[] pair : JSON.readValue(json, long[][].class)) {
                spans.add(new StreamBacklog.Span(Instant.ofEpochMilli(pair[0]), Instant.ofEpochMilli(pair[1])));
            }
            return spans;
        } catch (JsonProcessingException e) {
            throw new SQLException("stream_backlogs.pending_ranges is not a list of pairs", e);
        }
    }
}
