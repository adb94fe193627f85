package dev.kvsedge.agent;

import dev.kvsedge.agent.config.SavedConfigs;
import dev.kvsedge.agent.config.StreamDirectories;
import dev.kvsedge.agent.janitor.Janitor;
import dev.kvsedge.agent.janitor.LocalMediaWipe;
import dev.kvsedge.agent.record.SegmentFiles;
import dev.kvsedge.agent.segments.Backlog;
import dev.kvsedge.agent.segments.SegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.status.StatusReporter;
import dev.kvsedge.agent.status.StatusServer;
import dev.kvsedge.agent.status.SyncHealth;
import dev.kvsedge.agent.sync.AgentClient;
import dev.kvsedge.agent.sync.JobServices;
import dev.kvsedge.agent.sync.Jobs;
import dev.kvsedge.agent.sync.MediaUriResolver;
import dev.kvsedge.agent.sync.Reconciler;
import dev.kvsedge.agent.sync.RecorderLauncher;
import dev.kvsedge.agent.sync.SecretsManagerResolver;
import dev.kvsedge.agent.sync.SignedJsonClient;
import dev.kvsedge.agent.sync.SyncLoop;
import dev.kvsedge.agent.time.Backoff;
import dev.kvsedge.agent.time.Ticker;
import dev.kvsedge.agent.upload.PutMediaEndpoint;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running edge agent: the sync loop (long-poll, list, acknowledge), the ticker that converges each stream's
 * recorder, uploader and janitor on their schedules, the status reporter and the optional /health and /metrics
 * endpoint. It starts from the configurations saved in its data dir, so it works before it reaches the server.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
    /** Waiting segments this close are one span of the backlog; the newest spans reported (the protocol's limit). */
    private static final Duration BACKLOG_MERGE_GAP = Duration.ofSeconds(2);
    private static final int BACKLOG_SPANS = 100;

    private final AgentConfig config;
    private final Jobs jobs;
    private final Reconciler reconciler;
    private final SyncLoop sync;
    private final SyncHealth health;
    private final AgentMetrics metrics;
    private final StatusReporter reporter;
    private final StatusServer statusServer;
    private final Thread syncThread;
    private final Thread tickThread;
    private final Thread reportThread;
    private volatile boolean closed;

    private EdgeAgent(Builder b) throws IOException {
        this.config = b.config;
        Files.createDirectories(config.dataDir());
        Clock clock = b.clock;
        this.metrics = new AgentMetrics();
        this.health = new SyncHealth();
        SigV4Signer signer = new SigV4Signer(config.accessKeyId(), config.secretAccessKey(), b.signingClock);
        SignedJsonClient http = new SignedJsonClient(config.server(), signer);
        AgentClient api = new AgentClient(http, config.region(), config.hubDeviceArn(), AgentVersion.current(),
                config.zone().getId());
        MediaUriResolver secrets = b.resolverDecorator.apply(new SecretsManagerResolver(http, config.region()));

        SegmentClaims claims = new SegmentClaims();
        UploadProgress progress = UploadProgress.open(config.dataDir());
        Janitor janitor = new Janitor(b.index, claims, progress, metrics);
        this.jobs = new Jobs(new JobServices(clock, b.ticker, b.index, claims, progress,
                new PutMediaEndpoint(config.server(), signer, config.region()), b.recorders, janitor, metrics,
                config.janitorEvery(), JobServices.DEFAULT_RECORDER_RETRY));
        StreamDirectories directories = new StreamDirectories(config.dataDir());
        this.reconciler = new Reconciler(api, secrets, jobs, new LocalMediaWipe(b.index, claims, progress),
                directories, SavedConfigs.open(config.dataDir()), config.zone(), b.ticker);
        this.sync = new SyncLoop(api, reconciler, health, metrics, clock, config.pollWait(),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30)), config.accessKeyId());
        int checksPerReport = (int) Math.max(1,
                config.reportEvery().toMillis() / Math.max(1, config.tick().toMillis()));
        SegmentIndex index = b.index;
        this.reporter = new StatusReporter(jobs::statuses,
                (stream, recorder, uploader) -> api.reportStatus(stream, recorder,
                        uploader, backlog(index, stream)),
                checksPerReport);

        // Before any job starts: a status port in use stops the start with nothing left running.
        this.statusServer = config.statusPort() == null
                ? null
                : StatusServer.start(new InetSocketAddress(config.statusPort()), jobs::gauges, jobs::statuses, metrics,
                        health);
        // What crashed recordings left, before any recording starts (a running one would lose its part file).
        int parts = SegmentFiles.deletePartFiles(directories.root());
        if (parts > 0) {
            LOG.info("deleted {} incomplete segments left by an earlier run", parts);
        }
        reconciler.restore();
        this.syncThread = Thread.ofPlatform().name("agent-sync").daemon().start(sync);
        this.tickThread = Thread.ofPlatform().name("agent-jobs").daemon().start(this::tickLoop);
        this.reportThread = Thread.ofPlatform().name("agent-status").daemon().start(this::reportLoop);
        LOG.info("edge agent for {} started: {}", config.hubDeviceArn(), config);
    }

    public static Builder builder(AgentConfig config) {
        return new Builder(config);
    }

    /** How to assemble an agent: the config, the clock, the segment index and the recorder are its parts. */
    public static final class Builder {
        private final AgentConfig config;
        private Clock clock = Clock.systemUTC();
        private Ticker ticker = Ticker.system();
        private Clock signingClock = Clock.systemUTC();
        private SegmentIndex index;
        private RecorderLauncher recorders;
        private UnaryOperator<MediaUriResolver> resolverDecorator = UnaryOperator.identity();

        private Builder(AgentConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The time schedules, retention and statuses run on. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** The monotonic time retries, sweeps and the camera secret's refresh wait on. */
        public Builder ticker(Ticker value) {
            this.ticker = value;
            return this;
        }

        /** The time requests are signed with (the server refuses signatures 15 minutes off its own time). */
        public Builder signingClock(Clock value) {
            this.signingClock = value;
            return this;
        }

        /** The index of complete segments; the caller closes it after the agent. */
        public Builder segmentIndex(SegmentIndex value) {
            this.index = value;
            return this;
        }

        public Builder recorders(RecorderLauncher value) {
            this.recorders = value;
            return this;
        }

        /** Wraps the Secrets Manager client (tests slow it down or count its calls). */
        public Builder mediaUriResolver(UnaryOperator<MediaUriResolver> decorator) {
            this.resolverDecorator = decorator;
            return this;
        }

        public EdgeAgent start() throws IOException {
            Objects.requireNonNull(index, "segmentIndex");
            Objects.requireNonNull(recorders, "recorders");
            return new EdgeAgent(this);
        }
    }

    /** The stream's backlog, or none when the index cannot be read: the job statuses are sent all the same. */
    private static Backlog backlog(SegmentIndex index, String streamArn) {
        try {
            return index.backlog(streamArn, BACKLOG_MERGE_GAP, BACKLOG_SPANS);
        } catch (RuntimeException e) {
            LOG.warn("could not read the backlog of {} for the status report: {}", streamArn, e.toString());
            return null;
        }
    }

    private void tickLoop() {
        while (!closed) {
            try {
                jobs.tick();
            } catch (RuntimeException e) {
                LOG.error("job tick failed", e);
            }
            if (!pause(config.tick())) {
                return;
            }
        }
    }

    /** Talks to the server on the jobs' behalf: their statuses, and camera secrets read again after a 401. */
    private void reportLoop() {
        while (!closed) {
            try {
                reconciler.rereadWhereCamerasRefuse(jobs.camerasRefusingCredentials());
                reporter.check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("status report failed", e);
            }
            if (!pause(config.tick())) {
                return;
            }
        }
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    public AgentConfig config() {
        return config;
    }

    /** The /health and /metrics endpoint's address, when it runs. */
    public Optional<InetSocketAddress> statusAddress() {
        return Optional.ofNullable(statusServer).map(StatusServer::address);
    }

    public Jobs jobs() {
        return jobs;
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public SyncHealth syncHealth() {
        return health;
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    /** Stops syncing, then every job (recorders complete their segment, uploads resume on the next start). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sync.stop();
        for (Thread t : new Thread[] {syncThread, tickThread, reportThread}) {
            t.interrupt();
        }
        for (Thread t : new Thread[] {syncThread, tickThread, reportThread}) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        jobs.close();
        if (statusServer != null) {
            statusServer.close();
        }
        LOG.info("edge agent for {} stopped", config.hubDeviceArn());
    }
}
