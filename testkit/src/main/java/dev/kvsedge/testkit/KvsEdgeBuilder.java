package dev.kvsedge.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The options of a {@link KvsEdge} server, as {@code kvs-edge server} has them, with test-friendly defaults. A builder
 * can start any number of servers ({@link KvsEdgeExtension} starts one per test class or per test from it).
 *
 * <pre>{@code
 * KvsEdge kvsEdge = KvsEdge.builder().syncTimeout(Duration.ofSeconds(5)).accountId("111122223333").start();
 * }</pre>
 */
public final class KvsEdgeBuilder {
    /** AWS's default for the sync timeout: how long an edge configuration waits for its agent. */
    public static final Duration DEFAULT_SYNC_TIMEOUT = Duration.ofMinutes(15);

    private int port;
    private Path dataDir;
    private String database;
    private String publicUrl;
    private String accountId = "123456789012";
    private String region = "us-east-1";
    private String accessKeyId = "test";
    private String secretAccessKey = "test";
    private Duration syncTimeout = DEFAULT_SYNC_TIMEOUT;
    private int maxEdgeConfigurationsPerHub = 16;
    private String masterKey;
    private String mediaStore;
    private URI s3Endpoint;
    private String s3Region = "us-east-1";
    private String s3AccessKeyId;
    private String s3SecretAccessKey;
    private Clock clock = Clock.systemUTC();

    KvsEdgeBuilder() {}

    /** Starts a server with these options; close it when done. */
    public KvsEdge start() {
        return KvsEdge.start(settings());
    }

    Settings settings() {
        return new Settings(port, dataDir, database, publicUrl, accountId, region, accessKeyId, secretAccessKey,
                syncTimeout,
                maxEdgeConfigurationsPerHub, masterKey, mediaStore, s3Endpoint, s3Region, s3AccessKeyId,
                s3SecretAccessKey, clock);
    }

    /** The loopback port to listen on; default 0, a free one. */
    public KvsEdgeBuilder port(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + value);
        }
        this.port = value;
        return this;
    }

    /** A data folder that is kept after the server stops; default a temporary folder, deleted when it stops. */
    public KvsEdgeBuilder dataDir(Path value) {
        this.dataDir = Objects.requireNonNull(value, "dataDir");
        return this;
    }

    /** The metadata store as a JDBC URL, e.g. {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}; default SQLite in the data folder. */
    public KvsEdgeBuilder database(String jdbcUrl) {
        this.database = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return this;
    }

    /** What GetDataEndpoint answers; default the listening URL. */
    public KvsEdgeBuilder publicUrl(String value) {
        this.publicUrl = Objects.requireNonNull(value, "publicUrl");
        return this;
    }

    /** The account of the credentials, in every ARN; default {@code 123456789012}. */
    public KvsEdgeBuilder accountId(String value) {
        if (value == null || !value.matches("\\d{12}")) {
            throw new IllegalArgumentException("an account id is 12 digits, not " + value);
        }
        this.accountId = value;
        return this;
    }

    /** The region of the ready-made clients and agents; default {@code us-east-1}. The server answers in every region. */
    public KvsEdgeBuilder region(String value) {
        this.region = Objects.requireNonNull(value, "region");
        return this;
    }

    /** The admin key pair the server accepts (then only this one); default {@code test} / {@code test}. */
    public KvsEdgeBuilder credentials(String newAccessKeyId, String newSecretAccessKey) {
        this.accessKeyId = Objects.requireNonNull(newAccessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(newSecretAccessKey, "secretAccessKey");
        return this;
    }

    /** How long an edge configuration waits for its agent before SYNC_FAILED or DELETE_FAILED; default 15 minutes, as AWS. */
    public KvsEdgeBuilder syncTimeout(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the sync timeout must be positive, not " + value);
        }
        this.syncTimeout = value;
        return this;
    }

    /** The most edge configurations one hub device can hold; default 16, AWS's limit. */
    public KvsEdgeBuilder maxEdgeConfigurationsPerHub(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("at least 1 edge configuration per hub, not " + value);
        }
        this.maxEdgeConfigurationsPerHub = value;
        return this;
    }

    /** The key that encrypts secrets at rest (base64 of 32 bytes); default a key file made in the data folder. */
    public KvsEdgeBuilder masterKey(String base64) {
        this.masterKey = Objects.requireNonNull(base64, "masterKey");
        return this;
    }

    /**
     * Keeps fragment media in an S3-compatible bucket instead of the data folder.
     *
     * @param location {@code s3://BUCKET[/PREFIX]}
     * @param endpoint the S3-compatible server (addressed path-style), or null for Amazon S3
     * @param signingRegion the region S3 requests are signed for
     */
    public KvsEdgeBuilder s3MediaStore(String location, URI endpoint, String signingRegion, String s3AccessKeyIdValue,
            String s3SecretAccessKeyValue) {
        this.mediaStore = Objects.requireNonNull(location, "location");
        this.s3Endpoint = endpoint;
        this.s3Region = Objects.requireNonNull(signingRegion, "signingRegion");
        this.s3AccessKeyId = Objects.requireNonNull(s3AccessKeyIdValue, "s3AccessKeyId");
        this.s3SecretAccessKey = Objects.requireNonNull(s3SecretAccessKeyValue, "s3SecretAccessKey");
        return this;
    }

    /**
     * The clock of the server's domain time: stream creation times, edge sync deadlines, retention. Requests are still
     * signed and checked with real time, so a test can move this clock by hours (then {@link KvsEdge#sweepEdgeDeadlines()}).
     */
    public KvsEdgeBuilder clock(Clock value) {
        this.clock = Objects.requireNonNull(value, "clock");
        return this;
    }
}
