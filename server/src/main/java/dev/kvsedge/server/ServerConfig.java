package dev.kvsedge.server;

import dev.kvsedge.server.auth.Credential;
import java.nio.file.Path;
import java.util.List;

/**
 * How a server runs. {@code database} is a JDBC URL, or null for a SQLite file in the data dir;
 * {@code publicUrl} is what GetDataEndpoint answers, or null for the listening URL;
 * {@code adminCredentials} empty means "none configured" (then only a loopback server starts,
 * accepting the well-known pair test/test).
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String database,
        String publicUrl,
        String accountId,
        List<Credential> adminCredentials,
        int maxBodyBytes) {

    public static final int DEFAULT_PORT = 8670;
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, Path.of("data"), null, null, DEFAULT_ACCOUNT_ID, List.of(),
                DEFAULT_MAX_BODY_BYTES);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes);
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return new ServerConfig(host, port, newDataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes);
    }

    public ServerConfig withDatabase(String jdbcUrl) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, publicUrl, accountId, adminCredentials, maxBodyBytes);
    }

    public ServerConfig withAdminCredentials(List<Credential> credentials) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, List.copyOf(credentials), maxBodyBytes);
    }

    public String jdbcUrl() {
        return database != null ? database : "jdbc:sqlite:" + dataDir.resolve("kvs-edge.db");
    }
}
