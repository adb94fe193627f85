package dev.kvsedge.server.store;

import dev.kvsedge.model.StartupException;
import dev.kvsedge.model.StartupException.Kind;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Why the first connection to the database failed, as a {@link StartupException} naming the database's host and
 * the root cause: unknown host, refused or timed-out connection (UNAVAILABLE: a later start may work), refused
 * password or missing database (CONFIGURATION: the URL must change). Drivers bury these under pool and driver
 * exceptions whose messages a user should not have to read.
 */
final class ConnectFailures {
    private static final int POSTGRESQL_DEFAULT_PORT = 5432;

    private ConnectFailures() {}

    static String hostAndPort(PGSimpleDataSource dataSource) {
        String host = dataSource.getServerNames().length > 0 ? dataSource.getServerNames()[0] : "localhost";
        int port = dataSource.getPortNumbers().length > 0 && dataSource.getPortNumbers()[0] > 0
                ? dataSource.getPortNumbers()[0]
                : POSTGRESQL_DEFAULT_PORT;
        return host + ":" + port;
    }

    /**
     * @param url the JDBC URL without its query (it may hold a password)
     * @param server {@code HOST:PORT} for PostgreSQL, the file for SQLite
     */
    static StartupException explain(String url, Database.Dialect dialect, String server, RuntimeException failure) {
        SQLException sql = find(failure, SQLException.class);
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (dialect == Database.Dialect.SQLITE) {
            return new StartupException(Kind.CONFIGURATION, "--database", url,
                    "cannot open the SQLite file " + server + ": "
                            + message(sql != null ? sql : root),
                    failure);
        }
        if (state.startsWith("28")) { // invalid authorization: wrong password, unknown user, refused by pg_hba.conf
            return new StartupException(Kind.CONFIGURATION, "--database", url, "PostgreSQL at " + server
                    + " refused the login: " + message(sql), failure);
        }
        if (state.equals("3D000")) {
            return new StartupException(Kind.CONFIGURATION, "--database", url,
                    "PostgreSQL at " + server + ": " + message(sql),
                    failure);
        }
        String why;
        if (root instanceof UnknownHostException) {
            why = "unknown host " + server.substring(0, server.lastIndexOf(':'));
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            why = "cannot connect to " + server + ": " + message(root);
        } else if (root instanceof SocketTimeoutException) {
            why = "no answer from " + server + " in time";
        } else {
            why = "cannot use PostgreSQL at " + server + ": " + message(sql != null ? sql : root);
        }
        return new StartupException(Kind.UNAVAILABLE, "--database", url, why, failure);
    }

    /** The driver's message in lower case, without the server's severity prefix ({@code FATAL: }). */
    private static String message(Throwable e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        text = text.replaceFirst("^(FATAL|ERROR): ", "").strip();
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
