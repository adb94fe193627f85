package dev.kvsedge.server.store;

import dev.kvsedge.server.agents.AgentCredential;
import dev.kvsedge.server.agents.AgentCredentialStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AgentCredentialStore} in the table {@code agent_credentials} of a {@link Database}. The sealed
 * secret is stored as the bytes given (BYTEA on PostgreSQL, a BLOB on SQLite).
 */
public final class JdbcAgentCredentialStore implements AgentCredentialStore {

    private static final String COLUMNS = "access_key_id, sealed_secret, account_id, hub_device_arn, creation_time_ms";
    private static final String INSERT_IF_ABSENT = "INSERT INTO agent_credentials (" + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (access_key_id) DO NOTHING";
    private static final String FIND = "SELECT " + COLUMNS + " FROM agent_credentials WHERE access_key_id = ?";
    private static final String LIST = "SELECT " + COLUMNS + " FROM agent_credentials WHERE account_id = ?";
    private static final String OF_HUB = " AND hub_device_arn = ?";
    private static final String OLDEST_FIRST = " ORDER BY creation_time_ms, access_key_id";
    private static final String DELETE = "DELETE FROM agent_credentials WHERE account_id = ? AND access_key_id = ?";

    private final Database db;

    public JdbcAgentCredentialStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * {@inheritDoc} The creation time is stored in whole milliseconds.
     *
     * @throws NullPointerException when a member is null: in particular a key pair without a hub device
     *     would authenticate as an admin of the account, so it is refused here too
     * @throws IllegalStateException when the access key id exists already (nothing is written)
     */
    @Override
    public void create(AgentCredential credential) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(credential.accessKeyId(), "accessKeyId");
        Objects.requireNonNull(credential.sealedSecret(), "sealedSecret");
        Objects.requireNonNull(credential.accountId(), "accountId");
        Objects.requireNonNull(credential.hubDeviceArn(), "hubDeviceArn");
        Objects.requireNonNull(credential.creationTime(), "creationTime");
        boolean created = db.inTransaction(c -> {
            try (PreparedStatement insert = c.prepareStatement(INSERT_IF_ABSENT)) {
                insert.setString(1, credential.accessKeyId());
                insert.setBytes(2, credential.sealedSecret());
                insert.setString(3, credential.accountId());
                insert.setString(4, credential.hubDeviceArn());
                insert.setLong(5, credential.creationTime().toEpochMilli());
                return insert.executeUpdate() > 0;
            }
        });
        if (!created) {
            throw new IllegalStateException("an agent credential with access key id " + credential.accessKeyId()
                    + " exists already");
        }
    }

    @Override
    public Optional<AgentCredential> find(String accessKeyId) {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(FIND)) {
                select.setString(1, accessKeyId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(credential(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<AgentCredential> list(String accountId, String hubDeviceArn) {
        Objects.requireNonNull(accountId, "accountId");
        String sql = LIST + (hubDeviceArn == null ? "" : OF_HUB) + OLDEST_FIRST;
        return db.withConnection(c -> {
            try (PreparedStatement select = c.prepareStatement(sql)) {
                select.setString(1, accountId);
                if (hubDeviceArn != null) {
                    select.setString(2, hubDeviceArn);
                }
                List<AgentCredential> credentials = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        credentials.add(credential(rs));
                    }
                }
                return List.copyOf(credentials);
            }
        });
    }

    @Override
    public boolean delete(String accountId, String accessKeyId) {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        return db.inTransaction(c -> {
            try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                delete.setString(1, accountId);
                delete.setString(2, accessKeyId);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static AgentCredential credential(ResultSet rs) throws SQLException {
        return new AgentCredential(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)));
    }
}
