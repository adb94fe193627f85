package dev.kvsedge.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.secrets.Replica;
import dev.kvsedge.server.secrets.Secret;
import dev.kvsedge.server.secrets.SecretKey;
import dev.kvsedge.server.secrets.SecretStore;
import dev.kvsedge.server.secrets.SecretVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * {@link SecretStore} in the tables {@code secrets}, {@code secret_versions},
 * {@code secret_version_stages} and {@code secret_tags} of a {@link Database}. A secret is read whole
 * by one statement (one snapshot, so a label is never seen moved halfway); writes are one transaction
 * that locks the secret's row first (SQLite: the database). Sealed values are stored as the bytes
 * given and never rewritten: a version is immutable but for its labels.
 */
public final class JdbcSecretStore implements SecretStore {

    private static final String SECRET_COLUMNS = "s.account_id, s.region, s.name, s.arn, s.description, s.kms_key_id,"
            + " s.created_date_ms, s.last_changed_date_ms, s.last_accessed_date_ms, s.deleted_date_ms, s.deletion_date_ms,"
            + " s.tags_listed, s.resource_policy, s.primary_region, s.replicas";
    /** Where the columns of {@link #readAll} that follow the secret's own are. */
    private static final int PART = 16;
    private static final int ITEM = 17;
    private static final int DETAIL = 18;
    private static final int SEALED = 19;
    private static final int ITEM_MS = 20;
    private static final TypeReference<List<Replica>> REPLICA_LIST = new TypeReference<>() {};
    private static final String JOIN_ON = " ON x.account_id = s.account_id AND x.region = s.region AND x.name = s.name";
    private static final String KEY_IS = "account_id = ? AND region = ? AND name = ?";
    private static final String SECRET_KEY_IS = "s.account_id = ? AND s.region = ? AND s.name = ?";
    private static final String SECRET_SCOPE_IS = "s.account_id = ? AND s.region = ?";

    private static final String FIND = readAll(SECRET_KEY_IS, true);
    private static final String LIST = readAll(SECRET_SCOPE_IS, false);
    private static final String PURGE_ONE_IF_DUE = "DELETE FROM secrets WHERE " + KEY_IS
            + " AND deletion_date_ms IS NOT NULL AND deletion_date_ms <= ?";
    private static final String INSERT_IF_ABSENT = "INSERT INTO secrets (account_id, region, name, arn, description,"
            + " kms_key_id, created_date_ms, last_changed_date_ms, last_accessed_date_ms, deleted_date_ms, deletion_date_ms,"
            + " tags_listed, resource_policy, primary_region, replicas)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, region, name) DO NOTHING";
    private static final String UPDATE = "UPDATE secrets SET description = ?, kms_key_id = ?, last_changed_date_ms = ?,"
            + " last_accessed_date_ms = ?, deleted_date_ms = ?, deletion_date_ms = ?, tags_listed = ?, resource_policy = ?,"
            + " primary_region = ?, replicas = ? WHERE " + KEY_IS;
    private static final String DELETE_REPLICA = "DELETE FROM secrets WHERE " + KEY_IS + " AND primary_region = ?";
    private static final String LOCK = "SELECT 1 FROM secrets WHERE " + KEY_IS;
    private static final String DELETE = "DELETE FROM secrets WHERE " + KEY_IS + " AND arn = ?"; // the rest by ON DELETE CASCADE
    private static final String INSERT_VERSION = "INSERT INTO secret_versions (account_id, region, name, version_id,"
            + " value_kind, sealed_value, created_date_ms) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String DELETE_VERSION = "DELETE FROM secret_versions WHERE " + KEY_IS + " AND version_id = ?";
    private static final String INSERT_STAGE = "INSERT INTO secret_version_stages (account_id, region, name, stage, version_id)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String DELETE_STAGES = "DELETE FROM secret_version_stages WHERE " + KEY_IS;
    private static final String INSERT_TAG = "INSERT INTO secret_tags (account_id, region, name, tag_key, tag_value)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String DELETE_TAGS = "DELETE FROM secret_tags WHERE " + KEY_IS;
    private static final String ANY_DUE = "SELECT 1 FROM secrets WHERE deletion_date_ms IS NOT NULL AND deletion_date_ms <= ? LIMIT 1";
    private static final String PURGE_DUE = "DELETE FROM secrets WHERE deletion_date_ms IS NOT NULL AND deletion_date_ms <= ?";

    private final Database db;
    private final String lockForUpdate;

    public JdbcSecretStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
        this.lockForUpdate = LOCK + db.dialect().forUpdate();
    }

    /**
     * One statement, three parts: a row per version (and one without a version for a secret that has
     * none), a row per staging label and a row per tag, each with the secret's columns.
     */
    private static String readAll(String where, boolean withValues) {
        return "SELECT " + SECRET_COLUMNS + ", 'V' AS part, x.version_id AS item, x.value_kind AS detail, "
                + (withValues ? "x.sealed_value" : "NULL") + " AS sealed, x.created_date_ms AS item_ms"
                + " FROM secrets s LEFT JOIN secret_versions x" + JOIN_ON + " WHERE " + where
                + " UNION ALL SELECT " + SECRET_COLUMNS + ", 'S', x.version_id, x.stage, NULL, NULL"
                + " FROM secrets s JOIN secret_version_stages x" + JOIN_ON + " WHERE " + where
                + " UNION ALL SELECT " + SECRET_COLUMNS + ", 'T', x.tag_key, x.tag_value, NULL, NULL"
                + " FROM secrets s JOIN secret_tags x" + JOIN_ON + " WHERE " + where;
    }

    @Override
    public boolean create(Secret secret, Instant now) {
        Secret toStore = checked(secret);
        Objects.requireNonNull(now, "now");
        return db.inTransaction(c -> {
            try (PreparedStatement purge = c.prepareStatement(PURGE_ONE_IF_DUE)) {
                bindKey(purge, 1, toStore.key());
                purge.setLong(4, now.toEpochMilli());
                purge.executeUpdate();
            }
            return insert(c, toStore);
        });
    }

    /** Adds the secret whole; false, changing nothing, when its name is taken. */
    private static boolean insert(Connection c, Secret secret) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_IF_ABSENT)) {
            bindKey(insert, 1, secret.key());
            insert.setString(4, secret.arn());
            insert.setString(5, secret.description());
            insert.setString(6, secret.kmsKeyId());
            insert.setLong(7, secret.createdDate().toEpochMilli());
            bindChangingFields(insert, 8, secret);
            if (insert.executeUpdate() == 0) {
                return false;
            }
        }
        insertVersions(c, secret.key(), secret.versions());
        insertStages(c, secret.key(), secret.versions());
        insertTags(c, secret.key(), secret.tags());
        return true;
    }

    @Override
    public Optional<Secret> find(SecretKey key) {
        checkKey(key);
        return db.withConnection(c -> read(c, key));
    }

    @Override
    public List<Secret> list(Scope scope) {
        checkScope(scope);
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(LIST)) {
                for (int part = 0; part < 3; part++) {
                    select.setString(part * 2 + 1, scope.accountId());
                    select.setString(part * 2 + 2, scope.region());
                }
                try (ResultSet rs = select.executeQuery()) {
                    return secrets(rs).stream().sorted(Comparator.comparing(Secret::name)).toList();
                }
            }
        });
    }

    /**
     * {@inheritDoc} Times are stored in whole milliseconds.
     *
     * @throws IllegalStateException when {@code change} returns null, another secret (key, ARN or
     *     creation date), or a version it had with other bytes
     */
    @Override
    public Optional<Secret> update(SecretKey key, UnaryOperator<Secret> change) {
        return update(key, change, after -> List.of());
    }

    /**
     * {@inheritDoc} A written secret replaces the row of its key only when that row is absent or a replica of this
     * secret; otherwise nothing is written and IllegalStateException is thrown.
     */
    @Override
    public Optional<Secret> update(SecretKey key, UnaryOperator<Secret> change,
            Function<Secret, List<Secret>> related) {
        checkKey(key);
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(related, "related");
        return db.inTransaction(c -> {
            try (PreparedStatement lock = c.prepareStatement(lockForUpdate)) {
                bindKey(lock, 1, key);
                lock.executeQuery().close();
            }
            Optional<Secret> current = read(c, key);
            if (current.isEmpty()) {
                return current;
            }
            Secret before = current.get();
            Secret changed = change.apply(before);
            if (changed == before) {
                return current;
            }
            Secret after = checked(Objects.requireNonNull(changed, "the change of secret " + key + " returned null"));
            requireSameSecret(before, after);
            try (PreparedStatement update = c.prepareStatement(UPDATE)) {
                update.setString(1, after.description());
                update.setString(2, after.kmsKeyId());
                bindChangingFields(update, 3, after);
                bindKey(update, 11, key);
                update.executeUpdate();
            }
            writeVersions(c, key, before.versions(), after.versions());
            if (!before.tags().equals(after.tags())) {
                try (PreparedStatement delete = c.prepareStatement(DELETE_TAGS)) {
                    bindKey(delete, 1, key);
                    delete.executeUpdate();
                }
                insertTags(c, key, after.tags());
            }
            writeRelated(c, before, after, related.apply(after));
            return Optional.of(after);
        });
    }

    /**
     * Replaces each written secret (its row must be absent or a replica of {@code after}), then deletes the replicas
     * of the regions {@code before} replicated to that {@code after} no longer does and that were not written.
     */
    private static void writeRelated(Connection c, Secret before, Secret after, List<Secret> written)
            throws SQLException {
        Set<String> writtenRegions = new HashSet<>();
        for (Secret secret : written) {
            Secret toStore = checked(secret);
            if (!toStore.name().equals(after.name())
                    || !toStore.key().scope().accountId().equals(after.key().scope().accountId())) {
                throw new IllegalStateException(
                        "secret " + after.key() + " can only write its own replicas, not " + toStore.key());
            }
            deleteReplica(c, toStore.key(), after.key().scope().region());
            if (!insert(c, toStore)) {
                throw new IllegalStateException("the name of secret " + after.key() + " is taken in region "
                        + toStore.key().scope().region() + " by a secret that is not its replica");
            }
            writtenRegions.add(toStore.key().scope().region());
        }
        Set<String> kept = after.replicas().stream().map(Replica::region).collect(Collectors.toSet());
        for (Replica replica : before.replicas()) {
            if (!kept.contains(replica.region()) && !writtenRegions.contains(replica.region())) {
                deleteReplica(c,
                        new SecretKey(new Scope(after.key().scope().accountId(), replica.region()), after.name()),
                        after.key().scope().region());
            }
        }
    }

    private static void deleteReplica(Connection c, SecretKey key, String primaryRegion) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(DELETE_REPLICA)) {
            bindKey(delete, 1, key);
            delete.setString(4, primaryRegion);
            delete.executeUpdate();
        }
    }

    @Override
    public boolean delete(SecretKey key, String arn) {
        checkKey(key);
        Objects.requireNonNull(arn, "arn");
        return db.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                bindKey(delete, 1, key);
                delete.setString(4, arn);
                return delete.executeUpdate() > 0;
            }
        });
    }

    /** {@inheritDoc} Looks first without the write lock: the sweep runs every second and rarely finds anything. */
    @Override
    public int purge(Instant now) {
        Objects.requireNonNull(now, "now");
        boolean due = db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(ANY_DUE)) {
                select.setLong(1, now.toEpochMilli());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
        if (!due) {
            return 0;
        }
        return db.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(PURGE_DUE)) {
                delete.setLong(1, now.toEpochMilli());
                return delete.executeUpdate();
            }
        });
    }

    private static Optional<Secret> read(Connection c, SecretKey key) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(FIND)) {
            for (int part = 0; part < 3; part++) {
                bindKey(select, part * 3 + 1, key);
            }
            try (ResultSet rs = select.executeQuery()) {
                List<Secret> found = secrets(rs);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        }
    }

    /** A secret's columns and what its rows of {@link #readAll} add to it. */
    private static final class Assembly {
        final ResultSetSecret head;
        final Map<String, SecretVersion> versions = new LinkedHashMap<>();
        final Map<String, SortedSet<String>> stages = new HashMap<>();
        final Map<String, String> tags = new TreeMap<>();

        Assembly(ResultSetSecret head) {
            this.head = head;
        }

        Secret build() {
            List<SecretVersion> built = versions.values().stream()
                    .map(v -> v.withStages(stages.getOrDefault(v.versionId(), new TreeSet<>())))
                    .sorted(Comparator.comparing(SecretVersion::createdDate).thenComparing(SecretVersion::versionId))
                    .toList();
            return new Secret(head.key(), head.arn(), head.description(), head.kmsKeyId(), head.created(),
                    head.changed(),
                    head.accessed(), head.deleted(), head.deletion(), new TreeMap<>(tags), built, head.tagsListed(),
                    head.resourcePolicy(), head.primaryRegion(), head.replicas());
        }
    }

    private record ResultSetSecret(SecretKey key, String arn, String description, String kmsKeyId, Instant created,
            Instant changed, Instant accessed, Instant deleted, Instant deletion, boolean tagsListed,
            String resourcePolicy,
            String primaryRegion, List<Replica> replicas) {}

    private static List<Secret> secrets(ResultSet rs) throws SQLException {
        Map<String, Assembly> byName = new LinkedHashMap<>();
        while (rs.next()) {
            String name = rs.getString(3);
            Assembly assembly = byName.get(name);
            if (assembly == null) {
                assembly = new Assembly(new ResultSetSecret(
                        new SecretKey(new Scope(rs.getString(1), rs.getString(2)), name),
                        rs.getString(4), rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)),
                        Instant.ofEpochMilli(rs.getLong(8)), instant(rs, 9), instant(rs, 10), instant(rs, 11),
                        rs.getInt(12) != 0, rs.getString(13), rs.getString(14), replicas(rs.getString(15), name)));
                byName.put(name, assembly);
            }
            String item = rs.getString(ITEM);
            if (item == null) {
                continue; // the row of a secret without versions
            }
            switch (rs.getString(PART)) {
                case "V" -> assembly.versions.put(item, new SecretVersion(item, kind(rs.getString(DETAIL), name),
                        rs.getBytes(SEALED), Instant.ofEpochMilli(rs.getLong(ITEM_MS)), Set.of()));
                case "S" -> assembly.stages.computeIfAbsent(item, k -> new TreeSet<>()).add(rs.getString(DETAIL));
                case "T" -> assembly.tags.put(item, rs.getString(DETAIL));
                default -> throw new IllegalStateException("unknown part " + rs.getString(PART));
            }
        }
        return byName.values().stream().map(Assembly::build).toList();
    }

    private static SecretVersion.Kind kind(String value, String secretName) {
        try {
            return SecretVersion.Kind.valueOf(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new StoreException("unknown value kind " + value + " of a version of secret " + secretName, e);
        }
    }

    /** Versions: inserts the new, deletes the dropped; labels: rewritten whole when any moved. */
    private static void writeVersions(Connection c, SecretKey key, List<SecretVersion> before,
            List<SecretVersion> after)
            throws SQLException {
        Set<String> oldIds = before.stream().map(SecretVersion::versionId).collect(Collectors.toSet());
        Set<String> newIds = after.stream().map(SecretVersion::versionId).collect(Collectors.toSet());
        boolean relabeled = !labels(before).equals(labels(after));
        if (relabeled) {
            // First: a label row refers to its version, which may be dropped below.
            try (PreparedStatement delete = c.prepareStatement(DELETE_STAGES)) {
                bindKey(delete, 1, key);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement delete = c.prepareStatement(DELETE_VERSION)) {
            for (SecretVersion version : before) {
                if (!newIds.contains(version.versionId())) {
                    bindKey(delete, 1, key);
                    delete.setString(4, version.versionId());
                    delete.executeUpdate();
                }
            }
        }
        insertVersions(c, key, after.stream().filter(v -> !oldIds.contains(v.versionId())).toList());
        if (relabeled) {
            insertStages(c, key, after);
        }
    }

    private static Map<String, Set<String>> labels(List<SecretVersion> versions) {
        return versions.stream().collect(Collectors.toMap(SecretVersion::versionId, SecretVersion::stages));
    }

    private static void insertVersions(Connection c, SecretKey key, List<SecretVersion> versions) throws SQLException {
        if (versions.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_VERSION)) {
            for (SecretVersion version : versions) {
                bindKey(insert, 1, key);
                insert.setString(4, version.versionId());
                insert.setString(5, version.kind().name());
                insert.setBytes(6, version.sealedValue());
                insert.setLong(7, version.createdDate().toEpochMilli());
                insert.executeUpdate();
            }
        }
    }

    private static void insertStages(Connection c, SecretKey key, List<SecretVersion> versions) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_STAGE)) {
            for (SecretVersion version : versions) {
                for (String stage : version.stages()) {
                    bindKey(insert, 1, key);
                    insert.setString(4, stage);
                    insert.setString(5, version.versionId());
                    insert.executeUpdate();
                }
            }
        }
    }

    private static void insertTags(Connection c, SecretKey key, Map<String, String> tags) throws SQLException {
        if (tags.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_TAG)) {
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                bindKey(insert, 1, key);
                insert.setString(4, tag.getKey());
                insert.setString(5, tag.getValue());
                insert.executeUpdate();
            }
        }
    }

    /** The eight columns that change after creation, from {@code first}. */
    private static void bindChangingFields(PreparedStatement statement, int first, Secret secret) throws SQLException {
        statement.setLong(first, secret.lastChangedDate().toEpochMilli());
        setInstant(statement, first + 1, secret.lastAccessedDate());
        setInstant(statement, first + 2, secret.deletedDate());
        setInstant(statement, first + 3, secret.deletionDate());
        statement.setInt(first + 4, secret.tagsListed() ? 1 : 0);
        statement.setString(first + 5, secret.resourcePolicy());
        statement.setString(first + 6, secret.primaryRegion());
        statement.setString(first + 7, secret.replicas().isEmpty() ? null : json(secret.replicas()));
    }

    private static String json(List<Replica> replicas) {
        try {
            return ApiJson.mapper().writeValueAsString(replicas);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the replicas " + replicas, e);
        }
    }

    private static List<Replica> replicas(String json, String secretName) {
        if (json == null) {
            return List.of();
        }
        try {
            return ApiJson.mapper().readValue(json, REPLICA_LIST);
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable replicas of secret " + secretName, e);
        }
    }

    private static void requireSameSecret(Secret before, Secret after) {
        if (!before.key().equals(after.key()) || !before.arn().equals(after.arn())
                || !before.createdDate().equals(after.createdDate())) {
            throw new IllegalStateException("the change of secret " + before.key() + " returned another secret");
        }
        Map<String, SecretVersion> old = before.versions().stream()
                .collect(Collectors.toMap(SecretVersion::versionId, v -> v));
        for (SecretVersion version : after.versions()) {
            SecretVersion was = old.get(version.versionId());
            if (was != null && (was.kind() != version.kind() || !Arrays.equals(was.sealedValue(), version.sealedValue())
                    || !was.createdDate().equals(version.createdDate()))) {
                throw new IllegalStateException("version " + version.versionId() + " of secret " + before.key()
                        + " changed: versions are immutable");
            }
        }
    }

    /** The secret as it will be stored (times in whole milliseconds); rejects missing values. */
    private static Secret checked(Secret secret) {
        Objects.requireNonNull(secret, "secret");
        checkKey(secret.key());
        Objects.requireNonNull(secret.arn(), "arn");
        Objects.requireNonNull(secret.createdDate(), "createdDate");
        Objects.requireNonNull(secret.lastChangedDate(), "lastChangedDate");
        List<SecretVersion> versions = new ArrayList<>();
        for (SecretVersion v : secret.versions()) {
            Objects.requireNonNull(v.versionId(), "versionId");
            Objects.requireNonNull(v.kind(), "kind");
            Objects.requireNonNull(v.sealedValue(), "sealedValue");
            versions.add(
                    new SecretVersion(v.versionId(), v.kind(), v.sealedValue(), millis(v.createdDate()), v.stages()));
        }
        return new Secret(secret.key(), secret.arn(), secret.description(), secret.kmsKeyId(),
                millis(secret.createdDate()),
                millis(secret.lastChangedDate()), millis(secret.lastAccessedDate()), millis(secret.deletedDate()),
                millis(secret.deletionDate()), secret.tags(), versions, secret.tagsListed(), secret.resourcePolicy(),
                secret.primaryRegion(), secret.replicas());
    }

    private static Instant millis(Instant instant) {
        return instant == null ? null : Instant.ofEpochMilli(instant.toEpochMilli());
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, instant.toEpochMilli());
        }
    }

    private static void bindKey(PreparedStatement statement, int first, SecretKey key) throws SQLException {
        statement.setString(first, key.scope().accountId());
        statement.setString(first + 1, key.scope().region());
        statement.setString(first + 2, key.name());
    }

    private static void checkKey(SecretKey key) {
        Objects.requireNonNull(key, "key");
        checkScope(key.scope());
        Objects.requireNonNull(key.name(), "name");
    }

    private static void checkScope(Scope scope) {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scope.accountId(), "accountId");
        Objects.requireNonNull(scope.region(), "region");
    }
}
