package dev.kvsedge.app;

import dev.kvsedge.app.logging.LogOptions;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.DeliveryConfig;
import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of {@code kvs-edge server} and {@code kvs-edge up}. */
final class ServerOptions {
    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT,
            description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data-dir", defaultValue = "data",
            description = "Folder for the database and media (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--database",
            description = "JDBC URL of the metadata store (default: a SQLite file in the data dir;"
                    + " jdbc:postgresql://HOST:PORT/DB?user=U&password=P for PostgreSQL).")
    String database;

    @Option(names = "--public-url", description = "URL that GetDataEndpoint returns (default: the listening URL).")
    String publicUrl;

    @Option(names = "--account-id", defaultValue = ServerConfig.DEFAULT_ACCOUNT_ID,
            description = "Account of the admin credentials (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--credentials", description = "AWS credentials file (INI, one admin key pair per profile).")
    Path credentialsFile;

    @Option(names = "--exit-when-ready", hidden = true,
            description = "Start, print the ready line and stop (the launcher's training run).")
    boolean exitWhenReady;

    @Option(names = "--sync-timeout", defaultValue = "15m", converter = DurationConverter.class,
            description = "How long an edge configuration waits for its agent before SYNC_FAILED or DELETE_FAILED (default: ${DEFAULT-VALUE}).")
    Duration syncTimeout;

    @Option(names = "--max-edge-configurations-per-hub",
            defaultValue = "" + ServerConfig.DEFAULT_MAX_EDGE_CONFIGURATIONS_PER_HUB,
            description = "Most edge configurations one hub device can have (default: ${DEFAULT-VALUE}, AWS's limit).")
    int maxEdgeConfigurationsPerHub;

    @Option(names = "--idle-timeout", defaultValue = "75s", converter = DurationConverter.class,
            description = "How long a kept-alive connection may wait for its next request before the server closes it"
                    + " (default: ${DEFAULT-VALUE}; keep it above the idle timeout of a load balancer in front).")
    Duration idleTimeout;

    @Option(names = "--max-connections", defaultValue = "0",
            description = "Most connections served at once (default: a third of the file descriptors free at start, up"
                    + " to 20,000; raise `ulimit -n` with it). Each agent's long-poll holds one.")
    int maxConnections;

    @Option(names = "--media-store",
            description = "Where fragment media goes: the data dir (default), or s3://BUCKET[/PREFIX]"
                    + " for an S3-compatible bucket (keys from KVS_EDGE_S3_ACCESS_KEY_ID / KVS_EDGE_S3_SECRET_ACCESS_KEY, else"
                    + " AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).")
    String mediaStore;

    @Option(names = "--s3-endpoint",
            description = "URL of the S3-compatible server (default: Amazon S3 in --s3-region).")
    URI s3Endpoint;

    @Option(names = "--s3-region", defaultValue = "us-east-1",
            description = "Region to sign S3 requests for (default: ${DEFAULT-VALUE}).")
    String s3Region;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics at http://HOST:PORT/metrics, without"
            + " signature (0: any free port; default: off for server, a free port on loopback for up).")
    Integer metricsPort;

    @Mixin
    LogOptions logging = new LogOptions();

    @Option(names = "--sns-endpoint",
            description = "URL of the SNS-compatible server that stream notifications are published"
                    + " to (keys from KVS_EDGE_SNS_ACCESS_KEY_ID / KVS_EDGE_SNS_SECRET_ACCESS_KEY, else AWS_ACCESS_KEY_ID /"
                    + " AWS_SECRET_ACCESS_KEY; default: none, notifications are kept but not sent).")
    URI snsEndpoint;

    ServerConfig toConfig(Map<String, String> environment) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw StartupException.configuration("--idle-timeout", idleTimeout.toSeconds() + "s",
                    "not a timeout: give a length above 0, for example 75s");
        }
        if (maxConnections < 0) {
            throw StartupException.configuration("--max-connections", Integer.toString(maxConnections),
                    "not a number of connections: give 0 (derived from the file-descriptor limit) or more");
        }
        List<Credential> admins = new ArrayList<>();
        if (credentialsFile != null) {
            admins.addAll(CredentialsFile.read(credentialsFile, accountId));
        }
        String envKey = environment.get("KVS_EDGE_ACCESS_KEY_ID");
        String envSecret = environment.get("KVS_EDGE_SECRET_ACCESS_KEY");
        if (envKey != null && envSecret != null) {
            admins.add(new Credential(envKey, envSecret, new dev.kvsedge.server.auth.Principal(accountId, null)));
        } else if (envKey != null || envSecret != null) {
            throw StartupException.configuration(
                    envKey == null ? "KVS_EDGE_ACCESS_KEY_ID" : "KVS_EDGE_SECRET_ACCESS_KEY", "",
                    "not set: set both KVS_EDGE_ACCESS_KEY_ID and KVS_EDGE_SECRET_ACCESS_KEY, or neither");
        }
        return new ServerConfig(host, port, dataDir, database, publicUrl, accountId, admins,
                ServerConfig.DEFAULT_MAX_BODY_BYTES,
                syncTimeout, maxEdgeConfigurationsPerHub, environment.get("KVS_EDGE_MASTER_KEY"), media(environment))
                .withMetricsPort(metricsPort).withDelivery(delivery(environment)).withIdleTimeout(idleTimeout)
                .withMaxConnections(maxConnections);
    }

    /**
     * Generated images are written with the S3 keys and endpoint of the media store (whether or not media goes to
     * S3); without S3 keys, none is written. Notifications go to --sns-endpoint, with its keys.
     */
    private DeliveryConfig delivery(Map<String, String> environment) {
        DeliveryConfig delivery = DeliveryConfig.NONE;
        String s3Key = environment.getOrDefault("KVS_EDGE_S3_ACCESS_KEY_ID", environment.get("AWS_ACCESS_KEY_ID"));
        String s3Secret = environment.getOrDefault("KVS_EDGE_S3_SECRET_ACCESS_KEY",
                environment.get("AWS_SECRET_ACCESS_KEY"));
        if (s3Key != null && s3Secret != null) {
            delivery = delivery.withS3(new DeliveryConfig.S3Access(s3Endpoint, s3Region, s3Key, s3Secret));
        }
        if (snsEndpoint != null) {
            String key = environment.getOrDefault("KVS_EDGE_SNS_ACCESS_KEY_ID", environment.get("AWS_ACCESS_KEY_ID"));
            String secret = environment.getOrDefault("KVS_EDGE_SNS_SECRET_ACCESS_KEY",
                    environment.get("AWS_SECRET_ACCESS_KEY"));
            if (key == null || secret == null) {
                throw StartupException.configuration("--sns-endpoint", snsEndpoint.toString(), "needs SNS keys: set"
                        + " KVS_EDGE_SNS_ACCESS_KEY_ID and KVS_EDGE_SNS_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
            }
            if (!"http".equals(snsEndpoint.getScheme()) && !"https".equals(snsEndpoint.getScheme())
                    || snsEndpoint.getHost() == null) {
                throw StartupException.configuration("--sns-endpoint", snsEndpoint.toString(),
                        "not an http(s)://HOST[:PORT] URL");
            }
            delivery = delivery.withSns(new DeliveryConfig.SnsAccess(snsEndpoint, key, secret));
        }
        return delivery;
    }

    private MediaConfig media(Map<String, String> environment) {
        if (mediaStore == null) {
            return MediaConfig.DEFAULTS;
        }
        S3Location location;
        try {
            location = S3Location.parse(mediaStore);
        } catch (IllegalArgumentException e) {
            throw StartupException.configuration("--media-store", mediaStore, e.getMessage());
        }
        String key = environment.getOrDefault("KVS_EDGE_S3_ACCESS_KEY_ID", environment.get("AWS_ACCESS_KEY_ID"));
        String secret = environment.getOrDefault("KVS_EDGE_S3_SECRET_ACCESS_KEY",
                environment.get("AWS_SECRET_ACCESS_KEY"));
        if (key == null || secret == null) {
            throw StartupException.configuration("--media-store", mediaStore,
                    "needs S3 keys: set KVS_EDGE_S3_ACCESS_KEY_ID and"
                            + " KVS_EDGE_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
        }
        if (s3Endpoint == null) {
            return MediaConfig.DEFAULTS.withS3(S3Config.forAws(location, s3Region, key, secret));
        }
        try {
            return MediaConfig.DEFAULTS.withS3(S3Config.forEndpoint(location, s3Endpoint, s3Region, key, secret));
        } catch (IllegalArgumentException e) {
            throw StartupException.configuration("--s3-endpoint", s3Endpoint.toString(),
                    "not an http(s)://HOST[:PORT] URL");
        }
    }
}
