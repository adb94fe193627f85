package dev.kvsedge.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.edge.AgentJobReport;
import dev.kvsedge.server.edge.EdgeConfigStore;
import dev.kvsedge.server.edge.EdgeConfiguration;
import dev.kvsedge.server.edge.SyncHistoryEntry;
import dev.kvsedge.server.edge.SyncStatus;
import dev.kvsedge.server.streams.StreamKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@link EdgeConfigStore} in the tables {@code edge_configurations} and {@code hub_changes} of a
 * {@link Database}. Reads are single statements in auto-commit mode; {@link #update} is one write
 * transaction.
 *
 * <p>Locking of {@link #update}: on SQLite the transaction holds the database's write lock from its
 * start, which serializes every update. On PostgreSQL the transaction first takes an advisory
 * transaction lock on the stream (so that two first-time writes of one stream, which have no row to
 * lock yet, queue instead of one failing on the primary key), then reads the row {@code FOR UPDATE};
 * and the {@link HubCounter} takes an advisory transaction lock on the hub before it counts, so two
 * transactions that each count a hub and then add a configuration to it run one after the other: the
 * second counts (in a new READ COMMITTED snapshot) what the first committed. Locks are always taken in
 * the order stream, then hub(s) as counted, then {@code hub_changes} rows in name order.
 */
public final class JdbcEdgeConfigStore implements EdgeConfigStore {

    /** First key of this store's advisory locks: "edge" ({@code pg_advisory_xact_lock(int, int)}). */
    private static final int PG_LOCK_STREAM = 0x6564_6765;
    /** ... and of its hub locks: "hub!" (the two-int key space does not overlap the migrator's bigint one). */
    private static final int PG_LOCK_HUB = 0x6875_6221;

    private static final String COLUMNS = "account_id, region, stream_name, stream_arn, hub_device_arn, edge_config,"
            + " sync_status, failed_status_details, creation_time_ms, last_updated_time_ms, deadline_ms, delivered,"
            + " recorder_status, recorder_details, recorder_last_collected_time_ms, recorder_last_updated_time_ms,"
            + " uploader_status, uploader_details, uploader_last_collected_time_ms, uploader_last_updated_time_ms";
    private static final int COLUMN_COUNT = 20;
    private static final String KEY_IS = "account_id = ? AND region = ? AND stream_name = ?";

    private static final String COUNT_BY_STATUS = "SELECT sync_status, COUNT(*) FROM edge_configurations GROUP BY sync_status";
    private static final String FIND = "SELECT " + COLUMNS + " FROM edge_configurations WHERE " + KEY_IS;
    private static final String INSERT = "INSERT INTO edge_configurations (" + COLUMNS + ") VALUES ("
            + "?, ".repeat(COLUMN_COUNT - 1) + "?)";
    private static final String UPDATE = "UPDATE edge_configurations SET stream_arn = ?, hub_device_arn = ?,"
            + " edge_config = ?, sync_status = ?, failed_status_details = ?, creation_time_ms = ?,"
            + " last_updated_time_ms = ?, deadline_ms = ?, delivered = ?, recorder_status = ?, recorder_details = ?,"
            + " recorder_last_collected_time_ms = ?, recorder_last_updated_time_ms = ?, uploader_status = ?,"
            + " uploader_details = ?, uploader_last_collected_time_ms = ?, uploader_last_updated_time_ms = ?"
            + " WHERE " + KEY_IS;
    private static final String DELETE = "DELETE FROM edge_configurations WHERE " + KEY_IS;
    private static final String COUNT_HUB = "SELECT COUNT(*) FROM edge_configurations"
            + " WHERE account_id = ? AND region = ? AND hub_device_arn = ?";
    private static final String DUE = "SELECT account_id, region, stream_name FROM edge_configurations"
            + " WHERE deadline_ms IS NOT NULL AND deadline_ms <= ? ORDER BY deadline_ms, account_id, region, %s LIMIT ?";
    private static final String HUB_SEQUENCE = "SELECT sequence FROM hub_changes WHERE hub_device_arn = ?";
    private static final String BUMP_HUB = "INSERT INTO hub_changes (hub_device_arn, sequence) VALUES (?, 1)"
            + " ON CONFLICT (hub_device_arn) DO UPDATE SET sequence = hub_changes.sequence + 1";
    private static final String ADVISORY_LOCK = "SELECT pg_advisory_xact_lock(?, ?)";

    private final Database db;
    private final InstantSource clock;
    private final ObjectMapper json = ApiJson.mapper();
    private final String selectForUpdate;
    private final String listByHub;
    private final String listByHubAfter;
    private final String due;

    public JdbcEdgeConfigStore(Database db) {
        this(db, InstantSource.system());
    }

    /** @param clock dates the history entry of a removal (a removed configuration has no time of its own) */
    public JdbcEdgeConfigStore(Database db, InstantSource clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        Database.Dialect dialect = db.dialect();
        this.selectForUpdate = FIND + dialect.forUpdate();
        String byName = dialect.binary("stream_name");
        String hub = "SELECT " + COLUMNS + " FROM edge_configurations"
                + " WHERE account_id = ? AND region = ? AND hub_device_arn = ?";
        String page = " ORDER BY " + byName + " LIMIT ?";
        this.listByHub = hub + page;
        this.listByHubAfter = hub + " AND " + byName + " > ?" + page;
        this.due = DUE.formatted(byName);
    }

    @Override
    public Optional<EdgeConfiguration> find(StreamKey stream) {
        Objects.requireNonNull(stream, "stream");
        return db.withConnection(c -> read(c, FIND, stream));
    }

    @Override
    public List<EdgeConfiguration> listByHub(Scope scope, String hubDeviceArn, String afterStreamName, int limit) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(hubDeviceArn, "hubDeviceArn");
        checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(afterStreamName == null ? listByHub : listByHubAfter)) {
                int i = 1;
                select.setString(i++, scope.accountId());
                select.setString(i++, scope.region());
                select.setString(i++, hubDeviceArn);
                if (afterStreamName != null) {
                    select.setString(i++, afterStreamName);
                }
                select.setInt(i, limit);
                List<EdgeConfiguration> page = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        page.add(configuration(rs));
                    }
                }
                return List.copyOf(page);
            }
        });
    }

    @Override
    public List<SyncHistoryEntry> history(StreamKey stream, String streamArn, int limit) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(streamArn, "streamArn");
        checkLimit(limit);
        return db.withConnection(c -> List.copyOf(EdgeSyncHistoryRows.list(c, stream, streamArn, limit)));
    }

    @Override
    public List<StreamKey> due(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        checkLimit(limit);
        if (limit == 0) {
            return List.of();
        }
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(due)) {
                select.setLong(1, now.toEpochMilli());
                select.setInt(2, limit);
                List<StreamKey> keys = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        keys.add(new StreamKey(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3)));
                    }
                }
                return List.copyOf(keys);
            }
        });
    }

    @Override
    public Map<SyncStatus, Integer> countByStatus() {
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(COUNT_BY_STATUS); ResultSet rs = select.executeQuery()) {
                Map<SyncStatus, Integer> counts = new EnumMap<>(SyncStatus.class);
                while (rs.next()) {
                    counts.put(SyncStatus.valueOf(rs.getString(1)), rs.getInt(2));
                }
                return counts;
            }
        });
    }

    @Override
    public long hubSequence(String hubDeviceArn) {
        Objects.requireNonNull(hubDeviceArn, "hubDeviceArn");
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(HUB_SEQUENCE)) {
                select.setString(1, hubDeviceArn);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns the change's result; when it writes, with the configuration as stored (times in whole
     * milliseconds; a job report whose four members are all null is stored as no report). When the configuration moves to another hub (the service refuses that, the store
     * does not) and the agent must look, both hubs' sequences move. A removal of a configuration that
     * does not exist writes nothing. The {@link HubCounter} works only while {@code change} runs.
     *
     * @throws IllegalStateException when the change returns null, or a configuration of another stream
     */
    @Override
    public EdgeWrite update(StreamKey stream, EdgeChange change) {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(change, "change");
        return db.inTransaction(c -> {
            if (db.dialect() == Database.Dialect.POSTGRESQL) {
                advisoryLock(c, PG_LOCK_STREAM,
                        lockHash(stream.scope().accountId(), stream.scope().region(), stream.name()));
            }
            Optional<EdgeConfiguration> current = read(c, selectForUpdate, stream);
            Counter counter = new Counter(c);
            EdgeWrite result;
            try {
                result = change.apply(current, counter);
            } finally {
                counter.open = false;
            }
            if (result == null) {
                throw new IllegalStateException("the edge change of stream " + stream + " returned null");
            }
            if (!result.write()) {
                return result;
            }
            Optional<EdgeConfiguration> after = Objects.requireNonNull(result.after(), "after")
                    .map(JdbcEdgeConfigStore::checked);
            if (after.isPresent() && !stream.equals(after.get().stream())) {
                throw new IllegalStateException(
                        "the edge change of stream " + stream + " returned the configuration of "
                                + after.get().stream());
            }
            if (after.isPresent()) {
                if (current.isPresent()) {
                    try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                        int next = bindFields(update, 1, after.get());
                        bindKey(update, next, stream);
                        update.executeUpdate();
                    }
                } else {
                    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                        bindKey(insert, 1, stream);
                        bindFields(insert, 4, after.get());
                        insert.executeUpdate();
                    }
                }
            } else if (current.isPresent()) {
                try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                    bindKey(delete, 1, stream);
                    delete.executeUpdate();
                }
            }
            EdgeSyncHistoryRows.record(c, stream, current, after, clock.instant());
            if (result.agentMustLook()) {
                TreeSet<String> hubs = new TreeSet<>(); // in order, so that two transactions lock rows alike
                current.ifPresent(cfg -> hubs.add(cfg.hubDeviceArn()));
                after.ifPresent(cfg -> hubs.add(cfg.hubDeviceArn()));
                if (!hubs.isEmpty()) {
                    try (PreparedStatement bump = c.prepareStatement(BUMP_HUB)) {
                        for (String hub : hubs) {
                            bump.setString(1, hub);
                            bump.executeUpdate();
                        }
                    }
                }
            }
            return new EdgeWrite(after, true, result.agentMustLook());
        });
    }

    /** The {@link HubCounter} of one transaction. */
    private final class Counter implements HubCounter {
        private final Connection connection;
        volatile boolean open = true;

        Counter(Connection connection) {
            this.connection = connection;
        }

        @Override
        public int configurations(Scope scope, String hubDeviceArn) {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(hubDeviceArn, "hubDeviceArn");
            if (!open) {
                throw new IllegalStateException("a HubCounter works only inside its update");
            }
            try {
                if (db.dialect() == Database.Dialect.POSTGRESQL) {
                    // Held until the transaction ends: whoever counts this hub next sees what this one adds.
                    advisoryLock(connection, PG_LOCK_HUB, lockHash(hubDeviceArn));
                }
                try (PreparedStatement count = connection.prepareStatement(COUNT_HUB)) {
                    count.setString(1, scope.accountId());
                    count.setString(2, scope.region());
                    count.setString(3, hubDeviceArn);
                    try (ResultSet rs = count.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            } catch (SQLException e) {
                throw new StoreException("cannot count the edge configurations of hub " + hubDeviceArn + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static void advisoryLock(Connection c, int space, int key) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(ADVISORY_LOCK)) {
            lock.setInt(1, space);
            lock.setInt(2, key);
            lock.executeQuery().close();
        }
    }

    /**
     * A 32-bit key for an advisory lock, the same in every process (FNV-1a of the UTF-8 bytes, parts
     * separated by a 0 byte). Two names with one key only wait for each other needlessly.
     */
    static int lockHash(String... parts) {
        int hash = 0x811c_9dc5;
        for (int p = 0; p < parts.length; p++) {
            if (p > 0) {
                hash *= 0x0100_0193; // the separating 0 byte
            }
            for (byte b : parts[p].getBytes(StandardCharsets.UTF_8)) {
                hash = (hash ^ (b & 0xff)) * 0x0100_0193;
            }
        }
        return hash;
    }

    private Optional<EdgeConfiguration> read(Connection c, String sql, StreamKey stream) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(sql)) {
            bindKey(select, 1, stream);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(configuration(rs)) : Optional.empty();
            }
        }
    }

    /** A row of {@link #COLUMNS}. */
    private EdgeConfiguration configuration(ResultSet rs) throws SQLException {
        StreamKey key = new StreamKey(new Scope(rs.getString(1), rs.getString(2)), rs.getString(3));
        EdgeConfig config;
        try {
            config = json.readValue(rs.getString(6), EdgeConfig.class);
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable edge configuration of stream " + key + ": " + e.getOriginalMessage(),
                    e);
        }
        SyncStatus status;
        try {
            status = SyncStatus.valueOf(rs.getString(7));
        } catch (IllegalArgumentException e) {
            throw new StoreException("unknown sync status " + rs.getString(7) + " of stream " + key, e);
        }
        return new EdgeConfiguration(
                key,
                rs.getString(4),
                rs.getString(5),
                config,
                status,
                rs.getString(8),
                Instant.ofEpochMilli(rs.getLong(9)),
                Instant.ofEpochMilli(rs.getLong(10)),
                instant(rs, 11),
                rs.getInt(12) != 0,
                report(rs, 13),
                report(rs, 17));
    }

    /** The report in 4 columns from {@code first}: null when all 4 are null. */
    private static AgentJobReport report(ResultSet rs, int first) throws SQLException {
        String status = rs.getString(first);
        String details = rs.getString(first + 1);
        Instant lastCollected = instant(rs, first + 2);
        Instant lastUpdated = instant(rs, first + 3);
        if (status == null && details == null && lastCollected == null && lastUpdated == null) {
            return null;
        }
        return new AgentJobReport(status, details, lastCollected, lastUpdated);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private static void bindKey(PreparedStatement statement, int first, StreamKey key) throws SQLException {
        statement.setString(first, key.scope().accountId());
        statement.setString(first + 1, key.scope().region());
        statement.setString(first + 2, key.name());
    }

    /** Binds the 17 columns after the key, in {@link #COLUMNS} order; returns the next parameter index. */
    private int bindFields(PreparedStatement statement, int first, EdgeConfiguration cfg) throws SQLException {
        String config;
        try {
            config = json.writeValueAsString(cfg.config());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the edge configuration of stream " + cfg.stream(), e);
        }
        int i = first;
        statement.setString(i++, cfg.streamArn());
        statement.setString(i++, cfg.hubDeviceArn());
        statement.setString(i++, config);
        statement.setString(i++, cfg.status().name());
        statement.setString(i++, cfg.failedStatusDetails());
        statement.setLong(i++, cfg.creationTime().toEpochMilli());
        statement.setLong(i++, cfg.lastUpdatedTime().toEpochMilli());
        setInstant(statement, i++, cfg.deadline());
        statement.setInt(i++, cfg.delivered() ? 1 : 0);
        i = bindReport(statement, i, cfg.recorder());
        return bindReport(statement, i, cfg.uploader());
    }

    private static int bindReport(PreparedStatement statement, int first, AgentJobReport report) throws SQLException {
        statement.setString(first, report == null ? null : report.status());
        statement.setString(first + 1, report == null ? null : report.details());
        setInstant(statement, first + 2, report == null ? null : report.lastCollectedTime());
        setInstant(statement, first + 3, report == null ? null : report.lastUpdatedTime());
        return first + 4;
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, instant.toEpochMilli());
        }
    }

    /** The configuration as it will be stored (every time in whole milliseconds); rejects missing values. */
    private static EdgeConfiguration checked(EdgeConfiguration cfg) {
        Objects.requireNonNull(cfg, "configuration");
        Objects.requireNonNull(cfg.stream(), "stream");
        Objects.requireNonNull(cfg.streamArn(), "streamArn");
        Objects.requireNonNull(cfg.hubDeviceArn(), "hubDeviceArn");
        Objects.requireNonNull(cfg.config(), "config");
        Objects.requireNonNull(cfg.status(), "status");
        Objects.requireNonNull(cfg.creationTime(), "creationTime");
        Objects.requireNonNull(cfg.lastUpdatedTime(), "lastUpdatedTime");
        return new EdgeConfiguration(cfg.stream(), cfg.streamArn(), cfg.hubDeviceArn(), cfg.config(), cfg.status(),
                cfg.failedStatusDetails(), millis(cfg.creationTime()), millis(cfg.lastUpdatedTime()),
                millis(cfg.deadline()),
                cfg.delivered(), millis(cfg.recorder()), millis(cfg.uploader()));
    }

    private static AgentJobReport millis(AgentJobReport report) {
        return report == null
                ? null
                : new AgentJobReport(report.status(), report.details(),
                        millis(report.lastCollectedTime()), millis(report.lastUpdatedTime()));
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static void checkLimit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("negative limit " + limit);
        }
    }
}
