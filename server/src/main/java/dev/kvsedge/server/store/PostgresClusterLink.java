package dev.kvsedge.server.store;

import dev.kvsedge.server.cluster.Leadership;
import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.Topic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's own connection to PostgreSQL, beside the pool: it LISTENs for the notices the other nodes NOTIFY, and holds
 * the session advisory locks of the background jobs this node leads. When the connection breaks (the database
 * restarted, the network dropped) the node stops leading at once, every listener catches up from the rows, and the link
 * reconnects, LISTENs again and catches up once more: no notice is relied upon, a missed one only costs a re-read.
 * PostgreSQL releases a dead node's locks when its connection ends, so another node takes its jobs over.
 */
public final class PostgresClusterLink implements Notices.Relay, Leadership, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresClusterLink.class);
    static final String CHANNEL = "kvs_edge";
    static final String APPLICATION_NAME = "kvs-edge-link ";
    /** First key of every job lock ("kv"); the migrations' lock is a single 64-bit key, another key space. */
    private static final int JOB_LOCK_CLASS = 0x6b76;
    private static final int WAIT_MILLIS = 250;
    /** How often the link takes the jobs it lacks and proves the connection alive. */
    private static final long CHECK_NANOS = 1_000_000_000L;
    private static final int NETWORK_TIMEOUT_MILLIS = 5000;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final Database db;
    private final Notices notices;
    private final Set<String> wanted = ConcurrentHashMap.newKeySet();
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private PostgresClusterLink(Database db, Notices notices, Connection first) {
        this.db = db;
        this.notices = notices;
        this.connection = first;
        this.thread = Thread.ofPlatform().name("kvs-edge-cluster-link").daemon().unstarted(this::run);
    }

    /**
     * Connects and LISTENs before returning, so a server that starts serving after this hears every later notice;
     * then keeps the link up in its own thread until closed.
     */
    public static PostgresClusterLink start(Database db, Notices notices) {
        if (db.dialect() != Database.Dialect.POSTGRESQL) {
            throw new IllegalArgumentException("the cluster link needs PostgreSQL");
        }
        PostgresClusterLink link;
        try {
            link = new PostgresClusterLink(db, notices, listen(db, notices.node()));
        } catch (SQLException e) {
            throw new StoreException("cannot listen for the other nodes' notices: " + e.getMessage(), e);
        }
        notices.relayThrough(link);
        link.thread.start();
        return link;
    }

    private static Connection listen(Database db, NodeId node) throws SQLException {
        Connection c = db.openDedicated();
        try {
            c.setNetworkTimeout(Runnable::run, NETWORK_TIMEOUT_MILLIS); // the driver uses no executor
            try (PreparedStatement name = c.prepareStatement("SELECT set_config('application_name', ?, false)")) {
                name.setString(1, APPLICATION_NAME + node); // which node's link, in pg_stat_activity
                name.executeQuery().close();
            }
            try (Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public void send(NodeId from, Topic topic, String key) {
        try {
            db.withConnection(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
                    s.setString(1, CHANNEL);
                    s.setString(2, from + " " + topic.name() + " " + key);
                    s.executeQuery().close();
                }
                return null;
            });
        } catch (RuntimeException e) {
            // The change itself committed; the other nodes see it when they next read or catch up.
            LOG.warn("could not tell the other nodes about a {} change: {}", topic, e.getMessage());
        }
    }

    @Override
    public boolean leads(String job) {
        wanted.add(job);
        return held.contains(job);
    }

    private void run() {
        long backoff = 100;
        long lastCheck = 0;
        while (!closed) {
            try {
                if (connection == null) {
                    connection = listen(db, notices.node());
                    LOG.info("cluster link to PostgreSQL is back; catching up");
                    notices.linkRestored();
                    backoff = 100;
                    lastCheck = 0;
                }
                PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (received != null) {
                    for (PGNotification notification : received) {
                        deliver(notification.getParameter());
                    }
                }
                if (System.nanoTime() - lastCheck >= CHECK_NANOS) {
                    takeJobs(connection);
                    lastCheck = System.nanoTime();
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                lost(e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private void deliver(String payload) {
        String[] parts = payload.split(" ", 3);
        if (parts.length != 3) {
            LOG.warn("ignoring a malformed cluster notice");
            return;
        }
        try {
            notices.received(new NodeId(parts[0]), Topic.valueOf(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) {
            // a newer node's topic this node does not know: nothing here waits for it
            LOG.debug("ignoring a cluster notice of unknown topic {}", parts[1]);
        }
    }

    /** Tries the job locks this node wants and lacks; with none to try, a trivial query proves the link alive. */
    private void takeJobs(Connection c) throws SQLException {
        boolean queried = false;
        for (String job : wanted) {
            if (held.contains(job)) {
                continue;
            }
            try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                s.setInt(1, JOB_LOCK_CLASS);
                s.setInt(2, job.hashCode());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        held.add(job);
                        LOG.info("this node now runs the background job {}", job);
                    }
                }
            }
            queried = true;
        }
        if (!queried) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        }
    }

    private void lost(Exception e) {
        boolean leading = !held.isEmpty();
        held.clear();
        Connection broken = connection;
        connection = null;
        if (broken != null) {
            LOG.warn("cluster link to PostgreSQL lost ({}); reconnecting{}", e.getMessage(),
                    leading ? ", and this node stops running its background jobs meanwhile" : "");
            try {
                broken.close();
            } catch (SQLException ignored) {
                // it is broken already
            }
            notices.linkLost();
        }
    }

    /** Ends the link: this node's job locks go with its connection. */
    @Override
    public void close() {
        closed = true;
        held.clear();
        thread.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing the cluster link: {}", e.getMessage());
            }
        }
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
