package dev.kvsedge.it;

import dev.kvsedge.server.KvsEdgeServer;
import dev.kvsedge.server.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** A kvs-edge server in this JVM, on a free port with its own data dir, and AWS SDK clients for it. */
final class TestServer implements AutoCloseable {
    final KvsEdgeServer server;
    final Path dataDir;

    private TestServer(KvsEdgeServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    static TestServer start() {
        return start(Clock.systemUTC(), newDataDir());
    }

    /** A server with its own settings on a free port (the data dir and port are set here). */
    static TestServer start(ServerConfig config) {
        Path dataDir = newDataDir();
        try {
            return new TestServer(KvsEdgeServer.start(config.withPort(0).withDataDir(dataDir), Clock.systemUTC()),
                    dataDir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server with the given clock on the given data dir (a second server on the same dir is a restart). */
    static TestServer start(Clock clock, Path dataDir) {
        return start(ServerConfig.defaults(), clock, dataDir);
    }

    /** A server with its own settings, the given clock and data dir, on a free port. */
    static TestServer start(ServerConfig config, Clock clock, Path dataDir) {
        try {
            return new TestServer(
                    KvsEdgeServer.start(config.withPort(0).withDataDir(dataDir), clock, Clock.systemUTC()), dataDir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A new temporary data dir, deleted when the test JVM ends (not at close: restart tests reopen it). Each holds a
     * database, media and the server's 32 MiB disk reserve: left behind, a run's dirs fill gigabytes of /tmp.
     */
    static Path newDataDir() {
        try {
            Path dir = Files.createTempDirectory("kvs-edge-it");
            DATA_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.Queue<Path> DATA_DIRS = new java.util.concurrent.ConcurrentLinkedQueue<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> DATA_DIRS.forEach(TestServer::deleteQuietly)));
    }

    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder: what is left is the system's to clean
        }
    }

    URI endpoint() {
        return URI.create(server.url());
    }

    SignedHttp http(String accessKeyId, String secret) {
        return new SignedHttp(endpoint(), accessKeyId, secret);
    }

    KinesisVideoClient client() {
        return client(Region.US_EAST_1, "test", "test");
    }

    KinesisVideoClient client(Region region, String accessKeyId, String secret) {
        return pointedHere(KinesisVideoClient.builder(), region, accessKeyId, secret).build();
    }

    SecretsManagerClient secretsManager() {
        return secretsManager(Region.US_EAST_1, "test", "test");
    }

    SecretsManagerClient secretsManager(Region region, String accessKeyId, String secret) {
        return pointedHere(SecretsManagerClient.builder(), region, accessKeyId, secret).build();
    }

    KinesisVideoArchivedMediaClient archivedMedia() {
        return pointedHere(KinesisVideoArchivedMediaClient.builder(), Region.US_EAST_1, "test", "test").build();
    }

    KinesisVideoMediaClient media() {
        return pointedHere(KinesisVideoMediaClient.builder(), Region.US_EAST_1, "test", "test").build();
    }

    /** Any SDK client builder, aimed at this server with the given key pair. */
    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B pointedHere(B builder, Region region,
            String accessKeyId, String secret) {
        return builder.endpointOverride(endpoint())
                .region(region)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secret)))
                .httpClient(UrlConnectionHttpClient.create());
    }

    @Override
    public void close() {
        server.close();
    }
}
