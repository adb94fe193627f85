package dev.kvsedge.server;

import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.http.ConnectionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a server runs. {@code database} is a JDBC URL, or null for a SQLite file in the data dir;
 * {@code publicUrl} is what GetDataEndpoint answers, or null for the listening URL;
 * {@code adminCredentials} empty means "none configured" (then only a loopback server starts,
 * accepting the well-known pair test/test); {@code masterKey} (base64 of 32 bytes) encrypts secrets at
 * rest, or null for a key file made in the data dir; {@code media} says where fragment media goes and
 * PutMedia's limits; {@code metricsPort} is where Prometheus metrics are served without signature (0: a free port),
 * or null for none; {@code delivery} where generated images and notifications go;
 * {@code connections} how long connections may be held and how many.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String database,
        String publicUrl,
        String accountId,
        List<Credential> adminCredentials,
        int maxBodyBytes,
        Duration syncTimeout,
        int maxEdgeConfigurationsPerHub,
        String masterKey,
        MediaConfig media,
        Integer metricsPort,
        DeliveryConfig delivery,
        ConnectionLimits connections) {

    public static final int DEFAULT_PORT = 8670;
    public static final String DEFAULT_ACCOUNT_ID = "123456789012";
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** AWS retries reaching the agent for 15 minutes before SYNC_FAILED. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofMinutes(15);
    /** AWS's hard limit of streams per hub device. */
    public static final int DEFAULT_MAX_EDGE_CONFIGURATIONS_PER_HUB = 16;

    public ServerConfig {
        adminCredentials = List.copyOf(adminCredentials);
        delivery = delivery == null ? DeliveryConfig.NONE : delivery;
    }

    /** A configuration without a metrics port, delivering no images nor notifications, with the default connection limits. */
    public ServerConfig(String host, int port, Path dataDir, String database, String publicUrl, String accountId,
            List<Credential> adminCredentials, int maxBodyBytes, Duration syncTimeout, int maxEdgeConfigurationsPerHub,
            String masterKey, MediaConfig media) {
        this(host, port, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes, syncTimeout,
                maxEdgeConfigurationsPerHub, masterKey, media, null, DeliveryConfig.NONE, ConnectionLimits.DEFAULTS);
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, Path.of("data"), null, null, DEFAULT_ACCOUNT_ID, List.of(),
                DEFAULT_MAX_BODY_BYTES, DEFAULT_SYNC_TIMEOUT, DEFAULT_MAX_EDGE_CONFIGURATIONS_PER_HUB, null,
                MediaConfig.DEFAULTS);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, metricsPort, delivery, connections);
    }

    public ServerConfig withDataDir(Path newDataDir) {
        return new ServerConfig(host, port, newDataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, metricsPort, delivery, connections);
    }

    public ServerConfig withDatabase(String jdbcUrl) {
        return new ServerConfig(host, port, dataDir, jdbcUrl, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, metricsPort, delivery, connections);
    }

    public ServerConfig withAdminCredentials(List<Credential> credentials) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, credentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, metricsPort, delivery, connections);
    }

    public ServerConfig withEdgeLimits(Duration newSyncTimeout, int newMaxPerHub) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                newSyncTimeout, newMaxPerHub, masterKey, media, metricsPort, delivery, connections);
    }

    public ServerConfig withMedia(MediaConfig newMedia) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, newMedia, metricsPort, delivery, connections);
    }

    /** @param newMetricsPort where metrics are served (0: a free port), or null for nowhere */
    public ServerConfig withMetricsPort(Integer newMetricsPort) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, newMetricsPort, delivery, connections);
    }

    public ServerConfig withDelivery(DeliveryConfig newDelivery) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, metricsPort, newDelivery, connections);
    }

    /** @param idle how long a kept-alive connection may wait for its next request ({@code --idle-timeout}) */
    public ServerConfig withIdleTimeout(Duration idle) {
        return withConnections(connections.withIdle(idle));
    }

    /** @param max connections served at once, 0 to derive it from the descriptor limit ({@code --max-connections}) */
    public ServerConfig withMaxConnections(int max) {
        return withConnections(connections.withMaxConnections(max));
    }

    public ServerConfig withConnections(ConnectionLimits limits) {
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, adminCredentials, maxBodyBytes,
                syncTimeout, maxEdgeConfigurationsPerHub, masterKey, media, metricsPort, delivery, limits);
    }

    public Path mediaDir() {
        return dataDir.resolve("media");
    }

    public String jdbcUrl() {
        return database != null ? database : "jdbc:sqlite:" + dataDir.resolve("kvs-edge.db");
    }

    public Path masterKeyFile() {
        return dataDir.resolve("master.key");
    }
}
