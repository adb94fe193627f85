package dev.kvsedge.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoAsyncClient;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A kvs-edge server running in this JVM, for tests: the Kinesis Video Streams API (control plane, edge
 * configurations, PutMedia, GetMedia, GetClip, HLS, DASH) and Secrets Manager on a free loopback port, with a
 * throw-away data folder. The server and its libraries live in a class loader of their own, so they never clash
 * with the test's.
 *
 * <pre>{@code
 * try (KvsEdge kvsEdge = KvsEdge.start()) {
 *     kvsEdge.kinesisVideo().createStream(r -> r.streamName("front-door").dataRetentionInHours(24));
 * }
 * }</pre>
 *
 * <p>The client methods need the AWS SDK for Java v2 module they return ({@code kinesisvideo},
 * {@code kinesisvideoarchivedmedia}, {@code kinesisvideomedia}, {@code secretsmanager}) on the test class path; each
 * client is made once per server with the SDK's default HTTP client, and closed with the server.
 */
public final class KvsEdge implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Remote server;
    private final Settings settings;
    private final Path dataDir;
    private final boolean deleteDataDir;
    private final URI endpoint;
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();
    private final List<KvsEdgeAgent> agents = new ArrayList<>();
    private final List<KvsEdgeCamera> cameras = new ArrayList<>();
    private volatile boolean closed;

    private KvsEdge(Remote server, Settings settings, Path dataDir, boolean deleteDataDir) {
        this.server = server;
        this.settings = settings;
        this.dataDir = dataDir;
        this.deleteDataDir = deleteDataDir;
        this.endpoint = URI.create((String) server.call("url"));
    }

    /** A server with every default: a free port, a temporary data folder, account 123456789012, credentials test/test. */
    public static KvsEdge start() {
        return builder().start();
    }

    /** Options of the server before it starts; see {@link KvsEdgeBuilder}. */
    public static KvsEdgeBuilder builder() {
        return new KvsEdgeBuilder();
    }

    static KvsEdge start(Settings settings) {
        Path dataDir = settings.dataDir();
        boolean temporary = dataDir == null;
        try {
            Map<String, Object> options;
            if (temporary) {
                dataDir = Files.createTempDirectory("kvs-edge-test");
                options = settings.toOptions(dataDir);
                // Nothing outlives a temporary folder, so its key need not be a file: one fsync fewer at start.
                options.putIfAbsent("masterKey", randomKey());
            } else {
                options = settings.toOptions(dataDir);
            }
            Remote server = IsolatedRuntime.get().start(options);
            return new KvsEdge(server, settings, dataDir, temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("kvs-edge testkit: cannot make a data folder: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            if (temporary && dataDir != null) {
                DataFolders.deleteQuietly(dataDir, e);
            }
            throw e;
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** The URL to give an AWS client as its endpoint override, for example {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        requireOpen();
        return endpoint;
    }

    /** The region the ready-made clients and agents use; the server itself answers in every region. */
    public String region() {
        return settings.region();
    }

    /** The account of the credentials: ARNs carry it. */
    public String accountId() {
        return settings.accountId();
    }

    public String accessKeyId() {
        return settings.accessKeyId();
    }

    public String secretAccessKey() {
        return settings.secretAccessKey();
    }

    /** The server's data folder: its SQLite database, master key and fragment media. */
    public Path dataDir() {
        return dataDir;
    }

    /** Where fragment media goes: the data folder's {@code media} folder, or {@code s3://bucket/prefix}. */
    public String mediaLocation() {
        return (String) server.call("mediaLocation");
    }

    /** The ARN of an AWS IoT thing (a hub device) of this account and region: {@code arn:aws:iot:REGION:ACCOUNT:thing/NAME}. */
    public String hubDeviceArn(String thingName) {
        return "arn:aws:iot:" + region() + ":" + accountId() + ":thing/" + thingName;
    }

    /**
     * Forgets everything stored, as a new server would, in a few milliseconds instead of a restart: every stream with
     * its media, edge configuration, agent credential and secret. The endpoint, the credentials and the clients stay;
     * agents started through this server are stopped (their key pairs are gone), cameras keep running.
     */
    public void reset() {
        requireOpen();
        closeAll(agents);
        server.call("reset");
    }

    /**
     * Applies the edge sync deadlines that have passed on the server's {@link KvsEdgeBuilder#clock clock} now, instead of
     * within the next second: with a clock moved by the test, SYNC_FAILED at once.
     */
    public int sweepEdgeDeadlines() {
        return (Integer) server.call("sweepEdgeDeadlines");
    }

    /** Deletes the fragments past their stream's retention now; the server also does so every minute. */
    public int sweepRetention() {
        return (Integer) server.call("sweepRetention");
    }

    /**
     * Starts an edge agent for the hub device {@code hubDeviceArn} (see {@link #hubDeviceArn(String)}), with a key
     * pair of its own, recording 2-second segments. Needs FFmpeg on the test class path (org.bytedeco:ffmpeg).
     */
    public KvsEdgeAgent startAgent(String hubDeviceArn) {
        return startAgent(hubDeviceArn, Duration.ofSeconds(2));
    }

    /** An edge agent whose recordings are cut into segments of about {@code segmentDuration} (at key frames). */
    public KvsEdgeAgent startAgent(String hubDeviceArn, Duration segmentDuration) {
        requireOpen();
        IsolatedRuntime.get().requireFfmpeg("an edge agent");
        Path agentDir;
        synchronized (agents) {
            agentDir = dataDir.resolve("agents").resolve(String.valueOf(agents.size() + 1));
        }
        KvsEdgeAgent agent = new KvsEdgeAgent(server.callRemote("startAgent", hubDeviceArn, agentDir, segmentDuration),
                hubDeviceArn, agentDir);
        synchronized (agents) {
            agents.add(agent);
        }
        return agent;
    }

    /** A simulated RTSP camera, 320x240 at 25 fps. Needs FFmpeg on the test class path (org.bytedeco:ffmpeg). */
    public KvsEdgeCamera startCamera() {
        return startCamera(320, 240);
    }

    /** A simulated RTSP camera of this picture size (even numbers, 16 to 4096). */
    public KvsEdgeCamera startCamera(int width, int height) {
        requireOpen();
        IsolatedRuntime.get().requireFfmpeg("the simulated camera");
        KvsEdgeCamera camera = new KvsEdgeCamera(server.callRemote("startCamera", width, height));
        synchronized (cameras) {
            cameras.add(camera);
        }
        return camera;
    }

    /** Static credentials of this server, for a client you build yourself. */
    public AwsCredentialsProvider credentialsProvider() {
        return SdkClients.credentials(this);
    }

    /**
     * Points any AWS SDK v2 client builder at this server (endpoint, region, credentials) and returns it, for clients
     * you configure further: {@code kvsEdge.configure(KinesisVideoClient.builder()).httpClient(...).build()}.
     */
    public <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return SdkClients.configure(builder, this);
    }

    /** The {@code kinesisvideo} client: streams, edge configurations, tags, GetDataEndpoint. */
    public KinesisVideoClient kinesisVideo() {
        return client("kinesisVideo", () -> SdkClients.kinesisVideo(this));
    }

    /** The asynchronous {@code kinesisvideo} client (the SDK's default: Netty). */
    public KinesisVideoAsyncClient kinesisVideoAsync() {
        return client("kinesisVideoAsync", () -> SdkClients.kinesisVideoAsync(this));
    }

    /** The {@code kinesisvideoarchivedmedia} client: ListFragments, GetMediaForFragmentList, GetClip, HLS and DASH URLs. */
    public KinesisVideoArchivedMediaClient archivedMedia() {
        return client("archivedMedia", () -> SdkClients.archivedMedia(this));
    }

    /** The {@code kinesisvideomedia} client: GetMedia. */
    public KinesisVideoMediaClient media() {
        return client("media", () -> SdkClients.media(this));
    }

    /** The {@code secretsmanager} client, for the secrets that hold camera URLs. */
    public SecretsManagerClient secretsManager() {
        return client("secretsManager", () -> SdkClients.secretsManager(this));
    }

    @SuppressWarnings("unchecked")
    private <T extends AutoCloseable> T client(String name, Supplier<T> make) {
        requireOpen();
        return (T) clients.computeIfAbsent(name, k -> make.get());
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("kvs-edge testkit: this server was closed");
        }
    }

    /** Stops cameras, agents and the server, closes the clients and deletes a temporary data folder. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        List<AutoCloseable> all = new ArrayList<>(clients.values());
        synchronized (cameras) {
            all.addAll(cameras);
        }
        synchronized (agents) {
            all.addAll(agents);
        }
        for (AutoCloseable each : all) {
            try {
                each.close();
            } catch (Exception e) {
                failure = added(failure, e);
            }
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            failure = added(failure, e);
        }
        if (deleteDataDir) {
            DataFolders.deleteQuietly(dataDir, null);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException added(RuntimeException failure, Exception e) {
        if (failure == null) {
            return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
        failure.addSuppressed(e);
        return failure;
    }

    private static void closeAll(List<? extends AutoCloseable> running) {
        List<AutoCloseable> copy;
        synchronized (running) {
            copy = new ArrayList<>(running);
            running.clear();
        }
        for (AutoCloseable each : copy) {
            try {
                each.close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return closed ? "KvsEdge[closed]" : "KvsEdge[" + endpoint + ", account " + accountId() + "]";
    }
}
