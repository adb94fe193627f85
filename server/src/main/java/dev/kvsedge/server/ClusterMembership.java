package dev.kvsedge.server;

import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.cluster.Leadership;
import dev.kvsedge.server.cluster.MediaStoreClaim;
import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.SingleNodeLock;
import dev.kvsedge.server.store.Database;
import dev.kvsedge.server.store.JdbcClusterRecord;
import dev.kvsedge.server.store.PostgresClusterLink;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes this server one node of a cluster, or the only one. On SQLite: a lock that refuses a second server on
 * the same database. On PostgreSQL: the link that hears the other nodes' notices and leads background jobs. Both: the
 * check that this node's media store is the cluster's.
 */
final class ClusterMembership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);

    private final NodeId node = NodeId.random();
    private final Notices notices = new Notices(node);
    private final SingleNodeLock sqliteLock;
    private PostgresClusterLink link;

    private ClusterMembership(SingleNodeLock sqliteLock) {
        this.sqliteLock = sqliteLock;
    }

    /** Before the database is opened: a SQLite database is locked to this server, or the start is refused. */
    static ClusterMembership begin(ServerConfig config) {
        String setting = config.database() == null ? "--data-dir" : "--database";
        String value = config.database() == null ? config.dataDir().toString() : config.jdbcUrl();
        return new ClusterMembership(Database.sqliteFile(config.jdbcUrl())
                .map(file -> SingleNodeLock.acquire(file, setting, value)).orElse(null));
    }

    /**
     * Once the database and the media store are open: refuses a media store that is not the cluster's, and on
     * PostgreSQL starts hearing the other nodes before this one serves.
     */
    void join(Database db, BlobStore blobs, ServerConfig config) throws IOException {
        boolean s3 = config.media().s3() != null;
        MediaStoreClaim.check(new JdbcClusterRecord(db), blobs, s3 ? "--media-store" : "--data-dir",
                s3 ? config.media().s3().location().toString() : config.dataDir().toString());
        if (db.dialect() == Database.Dialect.POSTGRESQL) {
            link = PostgresClusterLink.start(db, notices);
            LOG.info("node {} joined the cluster on PostgreSQL", node);
        }
    }

    NodeId node() {
        return node;
    }

    Notices notices() {
        return notices;
    }

    Leadership leadership() {
        return link != null ? link : Leadership.ALONE;
    }

    @Override
    public void close() {
        if (link != null) {
            link.close();
        }
        if (sqliteLock != null) {
            try {
                sqliteLock.close();
            } catch (IOException e) {
                LOG.warn("releasing the database lock failed", e);
            }
        }
    }
}
