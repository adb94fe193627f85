package dev.kvsedge.server.store;

import dev.kvsedge.server.cluster.ClusterRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** The cluster's row ({@code cluster_identity}), read and claimed under a lock. */
public final class JdbcClusterRecord implements ClusterRecord {
    private static final String MAKE = "INSERT INTO cluster_identity (singleton, cluster_id, media_store, marked)"
            + " VALUES (1, ?, ?, 0) ON CONFLICT (singleton) DO NOTHING";
    private static final String READ = "SELECT cluster_id, media_store, marked FROM cluster_identity WHERE singleton = 1";
    private static final String WRITE = "UPDATE cluster_identity SET media_store = ?, marked = ? WHERE singleton = 1";

    private final Database db;

    public JdbcClusterRecord(Database db) {
        this.db = db;
    }

    @Override
    public Recorded claim(Recorded first, Claim claim) throws IOException {
        try {
            return db.inTransaction(c -> {
                try (PreparedStatement make = c.prepareStatement(MAKE)) {
                    make.setString(1, first.clusterId());
                    make.setString(2, first.mediaStore());
                    make.executeUpdate();
                }
                Recorded current;
                try (PreparedStatement read = c.prepareStatement(READ + db.dialect().forUpdate());
                        ResultSet rs = read.executeQuery()) {
                    rs.next();
                    current = new Recorded(rs.getString(1), rs.getString(2), rs.getInt(3) == 1);
                }
                Recorded decided;
                try {
                    decided = claim.decide(current);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!decided.equals(current)) {
                    try (PreparedStatement write = c.prepareStatement(WRITE)) {
                        write.setString(1, decided.mediaStore());
                        write.setInt(2, decided.marked() ? 1 : 0);
                        write.executeUpdate();
                    }
                }
                return decided;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
