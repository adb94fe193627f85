package dev.kvsedge.server;

import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.server.agents.AgentCredentialOperations;
import dev.kvsedge.server.agents.AgentCredentialService;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.FileBlobStore;
import dev.kvsedge.server.blob.S3BlobStore;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.FragmentNumbers;
import dev.kvsedge.server.fragments.GroupCommit;
import dev.kvsedge.server.fragments.RetentionSweeper;
import dev.kvsedge.server.ingest.IngestContext;
import dev.kvsedge.server.ingest.PutMediaRoute;
import dev.kvsedge.server.http.RawRoute;
import dev.kvsedge.server.playback.Playback;
import dev.kvsedge.server.store.JdbcFragmentStore;
import dev.kvsedge.server.auth.CredentialLookup;
import dev.kvsedge.server.auth.Principal;
import dev.kvsedge.server.auth.SigV4Verifier;
import dev.kvsedge.server.auth.StaticCredentials;
import dev.kvsedge.server.console.ConsoleFiles;
import dev.kvsedge.server.crypto.SecretBox;
import dev.kvsedge.server.disk.DataDisk;
import dev.kvsedge.server.edge.EdgeAgentService;
import dev.kvsedge.server.edge.EdgeOperations;
import dev.kvsedge.server.edge.EdgeService;
import dev.kvsedge.server.http.ApiDispatcher;
import dev.kvsedge.server.http.ApiService;
import dev.kvsedge.server.http.HttpTransport;
import dev.kvsedge.server.http.Listening;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.hubs.HubOperations;
import dev.kvsedge.server.hubs.HubService;
import dev.kvsedge.server.secrets.SecretOperations;
import dev.kvsedge.server.secrets.SecretService;
import dev.kvsedge.server.store.Database;
import dev.kvsedge.server.store.JdbcAgentCredentialStore;
import dev.kvsedge.server.store.JdbcCoverageStore;
import dev.kvsedge.server.store.JdbcHubStore;
import dev.kvsedge.server.store.JdbcEdgeConfigStore;
import dev.kvsedge.server.store.JdbcSecretStore;
import dev.kvsedge.server.store.JdbcStreamStore;
import dev.kvsedge.server.streams.StreamOperations;
import dev.kvsedge.server.streams.StreamService;
import dev.kvsedge.server.timeline.TimelineService;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running kvs-edge server: storage, services and the HTTP endpoint, started together and closed together. */
public final class KvsEdgeServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KvsEdgeServer.class);
    /** The well-known pair a loopback server accepts when no credentials are configured. */
    public static final String TEST_ACCESS_KEY_ID = "test";
    public static final String TEST_SECRET_ACCESS_KEY = "test";
    private static final long SWEEP_PERIOD_MILLIS = 1000;
    private static final java.util.concurrent.Executor STARTER = runnable -> Thread.ofPlatform().name("kvs-edge-start").start(runnable);

    private final Database database;
    private final BlobStore blobs;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final Listening http;
    private final EdgeService edge;
    private final RetentionSweeper retention;
    private final AtomicBoolean sweepingRetention = new AtomicBoolean();
    private final String url;
    private final boolean testCredentials;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    private KvsEdgeServer(Database database, BlobStore blobs, Vertx vertx, ExecutorService workers, Listening http,
            EdgeService edge, RetentionSweeper retention, String url, boolean testCredentials) {
        this.database = database;
        this.blobs = blobs;
        this.retention = retention;
        this.vertx = vertx;
        this.workers = workers;
        this.http = http;
        this.edge = edge;
        this.url = url;
        this.testCredentials = testCredentials;
    }

    public static KvsEdgeServer start(ServerConfig config, Clock clock) throws Exception {
        return start(config, clock, clock);
    }

    /**
     * Starts a server whose domain (deadlines, timestamps, versions) runs on {@code clock} and whose
     * SigV4 checks judge request times by {@code signatureClock}: tests move the first by hours
     * while their clients keep signing with real time.
     */
    public static KvsEdgeServer start(ServerConfig config, Clock clock, Clock signatureClock) throws Exception {
        List<Credential> admins = adminCredentials(config);
        SecretBox box = config.masterKey() != null ? SecretBox.ofBase64(config.masterKey()) : SecretBox.openOrCreate(config.masterKeyFile());
        // Before the database opens: on a full disk the reserve is released first, so that the database can write.
        DataDisk disk = DataDisk.open(config.dataDir(), clock);
        // Opening the database (driver, pool, migrations), reading the service models and starting Vert.x
        // take about the same time: overlap them.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.jdbcUrl()), STARTER);
        CompletableFuture<ServiceModel> loadingModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("kinesisvideo", "kvs-edge-extensions"), STARTER);
        CompletableFuture<ServiceModel> loadingSecretsModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("secretsmanager"), STARTER);
        CompletableFuture<ServiceModel> loadingArchivedMediaModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("kinesis-video-archived-media"), STARTER);
        CompletableFuture<ServiceModel> loadingMediaModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("kinesis-video-media"), STARTER);
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        Database database;
        ServiceModel model;
        ServiceModel secretsModel;
        ServiceModel archivedMediaModel;
        ServiceModel mediaModel;
        try {
            model = loadingModel.join();
            secretsModel = loadingSecretsModel.join();
            archivedMediaModel = loadingArchivedMediaModel.join();
            mediaModel = loadingMediaModel.join();
            database = opening.join();
        } catch (CompletionException e) {
            vertx.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        List<AutoCloseable> closeOnFailure = new ArrayList<>();
        try {
            JdbcEdgeConfigStore edgeStore = new JdbcEdgeConfigStore(database, clock);
            // Set once the server is built: a deleted stream's media is swept at once, not at the next period.
            AtomicBoolean mediaReleased = new AtomicBoolean();
            StreamService streams = new StreamService(new JdbcStreamStore(database), clock, Versions::next,
                    key -> edgeStore.find(key).isPresent(), () -> mediaReleased.set(true));
            EdgeService edge = new EdgeService(edgeStore, streams, clock, config.syncTimeout(), config.maxEdgeConfigurationsPerHub());
            AgentCredentialService agentCredentials = new AgentCredentialService(new JdbcAgentCredentialStore(database), box, clock);
            StaticCredentials adminLookup = new StaticCredentials(admins);
            CredentialLookup credentials = id -> adminLookup.find(id).or(() -> agentCredentials.find(id));

            // The public URL is only known once the port is bound, so GetDataEndpoint reads it through a holder.
            String[] publicUrl = {config.publicUrl()};
            Operations operations = new Operations();
            StreamOperations.register(operations, streams, () -> publicUrl[0]);
            EdgeOperations.register(operations, edge, new EdgeAgentService(edge));
            AgentCredentialOperations.register(operations, agentCredentials);
            SecretService secrets = new SecretService(new JdbcSecretStore(database), box, clock, new EdgeSecretReferences(edgeStore));
            Operations secretOperations = new Operations();
            SecretOperations.register(secretOperations, secrets);
            BlobStore blobs = openBlobStore(config);
            closeOnFailure.add(blobs);
            JdbcFragmentStore fragmentStore = new JdbcFragmentStore(database);
            FragmentFeed feed = new FragmentFeed();
            IngestContext ingest = new IngestContext(new GroupCommit(fragmentStore), blobs, new FragmentNumbers(clock), feed, clock,
                    config.media().ingest(), streams::exists, disk);
            PutMediaRoute putMedia = new PutMediaRoute(ingest, streams, (stream, hub) -> edgeStore.find(stream.key())
                    .filter(c -> c.streamArn().equals(stream.arn()) && c.hubDeviceArn().equals(hub)).isPresent());

            Playback playback = new Playback(streams, fragmentStore, blobs, feed, box, clock, () -> publicUrl[0]);
            Map<String, RawRoute> rawRoutes = new HashMap<>(playback.routes());
            rawRoutes.put(PutMediaRoute.PATH, putMedia);
            ConsoleFiles console = new ConsoleFiles(config.adminCredentials().isEmpty());
            rawRoutes.put(ConsoleFiles.ROOT, console);
            rawRoutes.put(ConsoleFiles.PREFIX + "*", console);
            HubService hubs = new HubService(new JdbcHubStore(database), edgeStore, streams, agentCredentials, clock);
            HubOperations.register(operations, hubs,
                    new TimelineService(streams, fragmentStore, new JdbcCoverageStore(database), edgeStore));

            ApiDispatcher dispatcher = new ApiDispatcher(new SigV4Verifier(credentials, signatureClock),
                    List.of(new ApiService(model, HubOperations.observingAgents(operations.build(), hubs)),
                            new ApiService(archivedMediaModel, playback.archivedMedia().build()),
                            new ApiService(mediaModel, playback.media().build())),
                    List.of(new ApiService(secretsModel, secretOperations.build())),
                    rawRoutes);

            // Deadlines that passed while the server was down apply before it serves anyone.
            edge.sweep();
            RetentionSweeper retention = new RetentionSweeper(fragmentStore, blobs, clock);
            retention.sweep();
            Listening http = new HttpTransport(vertx, dispatcher::handle, workers, config.maxBodyBytes(), signatureClock,
                    Set.of(PutMediaRoute.PATH), config.connections()).listen(config.host(), config.port());
            String url = "http://" + hostForUrl(config.host()) + ":" + http.port();
            if (publicUrl[0] == null) {
                publicUrl[0] = url;
            }
            KvsEdgeServer server = new KvsEdgeServer(database, blobs, vertx, workers, http, edge, retention, url,
                    config.adminCredentials().isEmpty());
            vertx.setPeriodic(SWEEP_PERIOD_MILLIS, id -> workers.execute(server::sweepQuietly));
            vertx.setPeriodic(SWEEP_PERIOD_MILLIS, id -> workers.execute(disk::check));
            vertx.setPeriodic(SWEEP_PERIOD_MILLIS, id -> {
                if (mediaReleased.get()) {
                    workers.execute(() -> server.sweepRetentionQuietly(mediaReleased));
                }
            });
            vertx.setPeriodic(SWEEP_PERIOD_MILLIS, id -> workers.execute(() -> purgeQuietly(secrets)));
            vertx.setPeriodic(config.media().retentionSweep().toMillis(), id -> workers.execute(server::sweepRetentionQuietly));
            return server;
        } catch (Exception | Error e) {
            vertx.close();
            workers.shutdownNow();
            for (AutoCloseable resource : closeOnFailure) {
                try {
                    resource.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            database.close();
            throw e;
        }
    }

    private static List<Credential> adminCredentials(ServerConfig config) throws UnknownHostException {
        if (!config.adminCredentials().isEmpty()) {
            return config.adminCredentials();
        }
        if (!InetAddress.getByName(config.host()).isLoopbackAddress()) {
            throw new IllegalStateException("Refusing to listen on " + config.host() + " without credentials: configure"
                    + " --credentials FILE or KVS_EDGE_ACCESS_KEY_ID and KVS_EDGE_SECRET_ACCESS_KEY, or listen on a loopback address.");
        }
        return List.of(new Credential(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, new Principal(config.accountId(), null)));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Applies the edge deadlines that have passed now; the server also does this every second by itself. */
    public int sweepEdgeDeadlines() {
        return edge.sweep();
    }

    private void sweepQuietly() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            edge.sweep();
        } catch (RuntimeException e) {
            LOG.warn("edge deadline sweep failed; retrying in {} ms", SWEEP_PERIOD_MILLIS, e);
        } finally {
            sweeping.set(false);
        }
    }

    /** Deletes the fragments past their stream's retention now; the server also does this periodically by itself. */
    public int sweepRetention() throws java.io.IOException {
        return retention.sweep();
    }

    private void sweepRetentionQuietly() {
        sweepRetentionQuietly(new AtomicBoolean());
    }

    /** Sweeps unless a sweep is running; {@code request} is cleared once this sweep is sure to see what it asked for. */
    private void sweepRetentionQuietly(AtomicBoolean request) {
        if (!sweepingRetention.compareAndSet(false, true)) {
            return;
        }
        request.set(false);
        try {
            retention.sweep();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("retention sweep failed; retrying later", e);
        } finally {
            sweepingRetention.set(false);
        }
    }

    private static BlobStore openBlobStore(ServerConfig config) throws java.io.IOException {
        S3Config s3 = config.media().s3();
        // Uploads to S3 are spooled in the data dir, so a fragment is sent whole and with its length.
        return s3 == null ? new FileBlobStore(config.mediaDir()) : S3BlobStore.connect(s3, config.dataDir().resolve("spool"));
    }

    /** Where fragment media goes, for the ready line: the data dir's media folder or the bucket. */
    public String mediaLocation() {
        return blobs.location();
    }

    /** Removes secrets whose recovery window ended; until then reads already treat them as gone. */
    private static void purgeQuietly(SecretService secrets) {
        try {
            secrets.purgeExpired();
        } catch (RuntimeException e) {
            LOG.warn("purge of deleted secrets failed; retrying in {} ms", SWEEP_PERIOD_MILLIS, e);
        }
    }

    public String url() {
        return url;
    }

    public int port() {
        return http.port();
    }

    /** True when the server accepts test/test because no credentials were configured. */
    public boolean acceptsTestCredentials() {
        return testCredentials;
    }

    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Closing anyway: the remaining resources must still be released.
        }
        // Requests still being answered (long-polls, uploads, live tails) are interrupted and given a moment to end
        // while the event loops can still take their last writes; only then do the event loops stop.
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Closing anyway: the remaining resources must still be released.
        }
        try {
            blobs.close();
        } catch (java.io.IOException e) {
            LOG.warn("closing the media store failed", e);
        }
        database.close();
    }
}
