package dev.kvsedge.server;

import dev.kvsedge.crypto.SecretBox;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.model.shape.ServiceModel;
import dev.kvsedge.server.agents.AgentCredentialOperations;
import dev.kvsedge.server.agents.AgentCredentialService;
import dev.kvsedge.server.auth.AuthFailures;
import dev.kvsedge.server.auth.Credential;
import dev.kvsedge.server.auth.CredentialLookup;
import dev.kvsedge.server.auth.Principal;
import dev.kvsedge.server.auth.SigV4Verifier;
import dev.kvsedge.server.auth.StaticCredentials;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.MeteredBlobStore;
import dev.kvsedge.server.cluster.ClusterJobs;
import dev.kvsedge.server.console.ConsoleFiles;
import dev.kvsedge.server.disk.DataDisk;
import dev.kvsedge.server.edge.EdgeAgentService;
import dev.kvsedge.server.edge.EdgeMeters;
import dev.kvsedge.server.edge.EdgeOperations;
import dev.kvsedge.server.edge.EdgeService;
import dev.kvsedge.server.fragments.FragmentFeed;
import dev.kvsedge.server.fragments.FragmentNumbers;
import dev.kvsedge.server.fragments.GroupCommit;
import dev.kvsedge.server.fragments.OrphanSweeper;
import dev.kvsedge.server.fragments.ResentFragments;
import dev.kvsedge.server.fragments.RetentionSweeper;
import dev.kvsedge.server.health.HealthRoute;
import dev.kvsedge.server.http.ApiDispatcher;
import dev.kvsedge.server.http.ApiService;
import dev.kvsedge.server.http.HttpTransport;
import dev.kvsedge.server.http.Listening;
import dev.kvsedge.server.http.Operations;
import dev.kvsedge.server.http.RawRoute;
import dev.kvsedge.server.hubs.HubOperations;
import dev.kvsedge.server.hubs.HubService;
import dev.kvsedge.server.images.Images;
import dev.kvsedge.server.ingest.IngestContext;
import dev.kvsedge.server.ingest.IngestEvents;
import dev.kvsedge.server.ingest.PutMediaRoute;
import dev.kvsedge.server.metrics.MetricsEndpoint;
import dev.kvsedge.server.metrics.ServerMetrics;
import dev.kvsedge.server.notifications.Notifications;
import dev.kvsedge.server.playback.Playback;
import dev.kvsedge.server.playback.StoredFragments;
import dev.kvsedge.server.secrets.SecretOperations;
import dev.kvsedge.server.secrets.SecretService;
import dev.kvsedge.server.storage.StorageOperations;
import dev.kvsedge.server.storage.StorageService;
import dev.kvsedge.server.store.Database;
import dev.kvsedge.server.store.JdbcAgentCredentialStore;
import dev.kvsedge.server.store.JdbcCoverageStore;
import dev.kvsedge.server.store.JdbcEdgeConfigStore;
import dev.kvsedge.server.store.JdbcFragmentStore;
import dev.kvsedge.server.store.JdbcHubStore;
import dev.kvsedge.server.store.JdbcSecretStore;
import dev.kvsedge.server.store.JdbcStreamConfigStore;
import dev.kvsedge.server.store.JdbcStreamStore;
import dev.kvsedge.server.store.JdbcUploadLeases;
import dev.kvsedge.server.store.StoreReset;
import dev.kvsedge.server.streams.CachedStreamStore;
import dev.kvsedge.server.streams.StreamOperations;
import dev.kvsedge.server.streams.StreamService;
import dev.kvsedge.server.timeline.TimelineService;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final Duration SWEEP_PERIOD = Duration.ofSeconds(1);
    private static final java.util.concurrent.Executor STARTER = runnable -> Thread.ofPlatform().name("kvs-edge-start")
            .start(runnable);

    private final Database database;
    private final BlobStore blobs;
    private final Vertx vertx;
    private final ExecutorService workers;
    private final Listening http;
    private final ServerMetrics metrics;
    private final HttpServer metricsHttp;
    private final String metricsUrl;
    private final EdgeService edge;
    private final AgentCredentialService agentCredentials;
    private final CachedStreamStore streamStore;
    private final List<ApiService> services;
    private final RetentionSweeper retention;
    private final OrphanSweeper orphans;
    private final ClusterMembership cluster;
    private final ClusterJobs jobs;
    private final StreamDeliveries deliveries;
    private final String url;
    private final boolean testCredentials;

    private KvsEdgeServer(Database database, BlobStore blobs, Vertx vertx, ExecutorService workers, Listening http,
            ServerMetrics metrics, HttpServer metricsHttp, String metricsUrl, EdgeService edge,
            AgentCredentialService agentCredentials, CachedStreamStore streamStore, List<ApiService> services,
            RetentionSweeper retention, OrphanSweeper orphans, StreamDeliveries deliveries, ClusterMembership cluster,
            ClusterJobs jobs, String url,
            boolean testCredentials) {
        this.deliveries = deliveries;
        this.database = database;
        this.cluster = cluster;
        this.jobs = jobs;
        this.metrics = metrics;
        this.metricsHttp = metricsHttp;
        this.metricsUrl = metricsUrl;
        this.blobs = blobs;
        this.retention = retention;
        this.orphans = orphans;
        this.vertx = vertx;
        this.workers = workers;
        this.http = http;
        this.edge = edge;
        this.agentCredentials = agentCredentials;
        this.streamStore = streamStore;
        this.services = services;
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
        // Settings that cannot work stop the start before anything is opened, each with a StartupException naming it.
        StartupChecks.port(config.port());
        List<Credential> admins = adminCredentials(config, StartupChecks.host(config.host()).isLoopbackAddress());
        DataDirectory.prepare(config.dataDir(), "--data-dir");
        SecretBox box = StartupChecks.masterKey(config);
        // Before anything writes to the data dir: on a full disk the reserve is released first, so that the lock file
        // and the database can be written.
        DataDisk disk = DataDisk.open(config.dataDir(), clock);
        // A SQLite database serves one server: a second one is refused here, before it touches the database.
        ClusterMembership cluster = ClusterMembership.begin(config);
        // Opening the database (driver, pool, migrations), reading the service models and starting Vert.x
        // take about the same time: overlap them.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(() -> Database.open(config.jdbcUrl()),
                STARTER);
        CompletableFuture<ServiceModel> loadingModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("kinesisvideo", "kvs-edge-extensions"), STARTER);
        CompletableFuture<ServiceModel> loadingSecretsModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("secretsmanager"), STARTER);
        CompletableFuture<ServiceModel> loadingArchivedMediaModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("kinesis-video-archived-media"), STARTER);
        CompletableFuture<ServiceModel> loadingMediaModel = CompletableFuture.supplyAsync(
                () -> ServiceModel.load("kinesis-video-media"), STARTER);
        CompletableFuture<ServerMetrics> creatingMetrics = CompletableFuture
                .supplyAsync(() -> config.metricsPort() == null
                        ? ServerMetrics.none()
                        : ServerMetrics.prometheus(ServerVersion.current()), STARTER);
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(
                new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        Database database;
        ServiceModel model;
        ServiceModel secretsModel;
        ServiceModel archivedMediaModel;
        ServiceModel mediaModel;
        ServerMetrics metrics;
        try {
            model = loadingModel.join();
            secretsModel = loadingSecretsModel.join();
            archivedMediaModel = loadingArchivedMediaModel.join();
            mediaModel = loadingMediaModel.join();
            metrics = creatingMetrics.join();
            database = opening.join();
        } catch (CompletionException e) {
            vertx.close();
            var unused = creatingMetrics.thenAccept(ServerMetrics::close); // whenever they are made; nothing waits
            cluster.close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        List<AutoCloseable> closeOnFailure = new ArrayList<>();
        closeOnFailure.add(metrics);
        MeterRegistry registry = metrics.registry();
        database.meter(registry);
        try {
            JdbcEdgeConfigStore edgeStore = new JdbcEdgeConfigStore(database, clock);
            // Set once the server is built: a deleted stream's media is swept at once, not at the next period.
            AtomicBoolean mediaReleased = new AtomicBoolean();
            CachedStreamStore streamStore = new CachedStreamStore(new JdbcStreamStore(database), cluster.notices(),
                    clock);
            StreamService streams = new StreamService(streamStore, clock, Versions::next,
                    key -> edgeStore.find(key).isPresent(), () -> mediaReleased.set(true));
            EdgeService edge = new EdgeService(edgeStore, streams, cluster.notices(), clock, config.syncTimeout(),
                    config.maxEdgeConfigurationsPerHub());
            AgentCredentialService agentCredentials = new AgentCredentialService(new JdbcAgentCredentialStore(database),
                    box,
                    clock, cluster.notices());
            StaticCredentials adminLookup = new StaticCredentials(admins);
            CredentialLookup credentials = id -> adminLookup.find(id).or(() -> agentCredentials.find(id));

            // The public URL is only known once the port is bound, so GetDataEndpoint reads it through a holder.
            String[] publicUrl = {config.publicUrl()};
            Operations operations = new Operations();
            StreamOperations.register(operations, streams, () -> publicUrl[0]);
            StorageOperations.register(operations, new StorageService(streams));
            EdgeOperations.register(operations, edge, new EdgeAgentService(edge));
            AgentCredentialOperations.register(operations, agentCredentials);
            SecretService secrets = new SecretService(new JdbcSecretStore(database), box, clock,
                    new EdgeSecretReferences(edgeStore));
            Operations secretOperations = new Operations();
            SecretOperations.register(secretOperations, secrets);
            BlobStore blobs = new MeteredBlobStore(StartupChecks.blobStore(config), registry);
            closeOnFailure.add(blobs);
            // Refuses a media store that is not the cluster's; on PostgreSQL, hears the other nodes before serving.
            cluster.join(database, blobs, config);
            JdbcFragmentStore fragmentStore = new JdbcFragmentStore(database);
            FragmentFeed feed = new FragmentFeed(cluster.notices());
            IngestContext ingest = new IngestContext(new GroupCommit(fragmentStore, new FragmentNumbers(clock)),
                    new ResentFragments(fragmentStore, blobs), blobs, feed, clock, config.media().ingest(),
                    new JdbcUploadLeases(database, cluster.node()), disk);
            PutMediaRoute putMedia = new PutMediaRoute(ingest, streams, (stream, hub) -> edgeStore.find(stream.key())
                    .filter(c -> c.streamArn().equals(stream.arn()) && c.hubDeviceArn().equals(hub)).isPresent(),
                    new IngestEvents(registry), cluster.notices());

            Playback playback = new Playback(streams, fragmentStore, blobs, feed, box, clock, () -> publicUrl[0],
                    registry);
            JdbcStreamConfigStore streamConfigs = new JdbcStreamConfigStore(database);
            Images images = new Images(streams, fragmentStore, new StoredFragments(blobs), streamConfigs,
                    config.delivery().s3(), clock);
            Notifications notifications = new Notifications(streams, streamConfigs, fragmentStore,
                    config.delivery().sns(), clock);
            images.registerConfiguration(operations);
            notifications.register(operations);
            StreamDeliveries deliveries = new StreamDeliveries(images, notifications);
            closeOnFailure.add(deliveries);
            Map<String, RawRoute> rawRoutes = new HashMap<>(playback.routes());
            rawRoutes.put(PutMediaRoute.PATH, putMedia);
            ConsoleFiles console = new ConsoleFiles(config.adminCredentials().isEmpty());
            rawRoutes.put(ConsoleFiles.ROOT, console);
            rawRoutes.put(ConsoleFiles.PREFIX + "*", console);
            HubService hubs = new HubService(new JdbcHubStore(database), edgeStore, streams, agentCredentials, clock);
            HubOperations.register(operations, hubs,
                    new TimelineService(streams, fragmentStore, new JdbcCoverageStore(database), edgeStore));
            rawRoutes.put(HealthRoute.PATH,
                    new HealthRoute(ServerVersion.current(), database::ping, blobs::check, workers));
            metrics.beforeScrape(EdgeMeters.register(registry, edge));

            ApiDispatcher dispatcher = new ApiDispatcher(new SigV4Verifier(credentials, signatureClock),
                    List.of(new ApiService(model, HubOperations.observingAgents(operations.build(), hubs)),
                            new ApiService(archivedMediaModel,
                                    images.registerGetImages(playback.archivedMedia()).build()),
                            new ApiService(mediaModel, playback.media().build())),
                    List.of(new ApiService(secretsModel, secretOperations.build())),
                    rawRoutes, registry, new AuthFailures(registry, signatureClock));

            // Deadlines that passed while the server was down apply before it serves anyone.
            edge.sweep();
            RetentionSweeper retention = new RetentionSweeper(fragmentStore, blobs, clock);
            OrphanSweeper orphans = new OrphanSweeper(fragmentStore, blobs, clock, config.media().orphanGrace());
            Listening http = StartupChecks.listen(new HttpTransport(vertx, dispatcher::handle,
                    dispatcher::handleWithoutBlocking, workers, config.maxBodyBytes(), signatureClock,
                    Set.of(PutMediaRoute.PATH), config.connections()), config.host(), config.port());
            String url = "http://" + hostForUrl(config.host()) + ":" + http.port();
            if (publicUrl[0] == null) {
                publicUrl[0] = url;
            }
            HttpServer metricsHttp = metrics.exposed()
                    ? MetricsEndpoint.listen(vertx, workers, metrics, config.host(), config.metricsPort())
                    : null;
            String metricsUrl = metricsHttp == null
                    ? null
                    : "http://" + hostForUrl(config.host()) + ":" + metricsHttp.actualPort() + "/metrics";
            // Background work runs on one node of the cluster at a time. Media that expired or was orphaned while the
            // server was down goes once it listens: how long start-up takes does not grow with that backlog (expired
            // media is not served meanwhile anyway).
            ClusterJobs jobs = new ClusterJobs(cluster.leadership(), workers);
            jobs.every("edge-deadlines", SWEEP_PERIOD, edge::sweep);
            jobs.every("secret-purge", SWEEP_PERIOD, secrets::purgeExpired);
            jobs.every("retention", config.media().retentionSweep(), retention::sweep);
            jobs.every("orphans", config.media().orphanGrace(), orphans::sweep);
            jobs.every("deliveries", config.delivery().sweep(), deliveries::sweep);
            jobs.everyOnThisNode("disk-check", SWEEP_PERIOD, disk::check);
            // A deleted stream's or a lowered retention's media goes now, not at the next period (a full disk waits for
            // it): the node that took the change sweeps.
            jobs.everyOnThisNode("released-media", SWEEP_PERIOD, () -> {
                if (mediaReleased.getAndSet(false)) {
                    retention.sweep();
                }
            });
            return new KvsEdgeServer(database, blobs, vertx, workers, http, metrics, metricsHttp, metricsUrl, edge,
                    agentCredentials, streamStore, dispatcher.services(), retention, orphans, deliveries, cluster, jobs,
                    url,
                    config.adminCredentials().isEmpty());
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
            cluster.close();
            throw e;
        }
    }

    private static List<Credential> adminCredentials(ServerConfig config, boolean loopback) {
        if (!config.adminCredentials().isEmpty()) {
            return config.adminCredentials();
        }
        if (!loopback) {
            throw StartupException.configuration("--host", config.host(), "refusing to listen beyond loopback without"
                    + " credentials: configure --credentials FILE or KVS_EDGE_ACCESS_KEY_ID and KVS_EDGE_SECRET_ACCESS_KEY,"
                    + " or listen on a loopback address");
        }
        return List.of(
                new Credential(TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, new Principal(config.accountId(), null)));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Applies the edge deadlines that have passed now; the server also does this every second by itself. */
    public int sweepEdgeDeadlines() {
        return edge.sweep();
    }

    /**
     * Forgets everything stored, as on a new server with the same port, master key and options: every stream with
     * its media, edge configuration, agent credential and secret, of every account and region. For tests between
     * two test cases, where a new server would cost far more. Uploads to a stream end as when it is deleted; agents
     * see their configurations go, and their key pairs no longer work.
     */
    public void reset() throws java.io.IOException {
        StoreReset.deleteAll(database);
        agentCredentials.forgetCached();
        streamStore.forgetAll();
        edge.wakeAllAgents();
        retention.sweep(); // every fragment is now orphaned: blobs first, then rows
    }

    /** Deletes the fragments past their stream's retention now; the server also does this periodically by itself. */
    public int sweepRetention() throws java.io.IOException {
        return retention.sweep();
    }

    /** Deletes the blobs no fragment names that are older than the grace period; also done at start and periodically. */
    public int sweepOrphans() throws java.io.IOException {
        return orphans.sweep();
    }

    /**
     * Delivers the images and notifications due now (the server also does this every second by itself); returns how
     * many fragments were delivered.
     */
    public int sweepDeliveries() {
        return deliveries.sweep();
    }

    /** Where fragment media goes, for the ready line: the data dir's media folder or the bucket. */
    public String mediaLocation() {
        return blobs.location();
    }

    public String url() {
        return url;
    }

    /** The AWS services answered, each with its model and operations: tests pair the operations' records with the model. */
    List<ApiService> services() {
        return services;
    }

    public int port() {
        return http.port();
    }

    /** Where Prometheus reads the metrics, or empty when they are off. */
    public Optional<String> metricsUrl() {
        return Optional.ofNullable(metricsUrl);
    }

    /** True when the server accepts test/test because no credentials were configured. */
    public boolean acceptsTestCredentials() {
        return testCredentials;
    }

    @Override
    public void close() {
        jobs.close();
        try {
            http.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            if (metricsHttp != null) {
                metricsHttp.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
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
        deliveries.close();
        try {
            blobs.close();
        } catch (java.io.IOException e) {
            LOG.warn("closing the media store failed", e);
        }
        cluster.close();
        database.close();
        metrics.close();
    }
}
