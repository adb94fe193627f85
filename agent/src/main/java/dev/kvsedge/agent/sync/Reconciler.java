package dev.kvsedge.agent.sync;

import dev.kvsedge.agent.config.HeldConfig;
import dev.kvsedge.agent.config.HeldConfig.Applied;
import dev.kvsedge.agent.config.SavedConfigs;
import dev.kvsedge.agent.config.StreamDirectories;
import dev.kvsedge.agent.janitor.LocalMediaWipe;
import dev.kvsedge.agent.time.Ticker;
import dev.kvsedge.model.edge.EdgeShapes.ListEdgeAgentConfigurationsEdgeConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the server's list of the hub's configurations into acknowledgements, running jobs and deletions, and keeps
 * what it holds on disk. Each round derives what to say from the server's SyncStatus and what the agent holds, so an
 * acknowledgement lost with the connection is simply said again on the next round.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** How long a camera URI read from its secret is used before the secret is read again (a rotated password). */
    static final Duration SECRET_REFRESH = SecretRereads.REFRESH;

    private final AgentClient api;
    private final MediaUriResolver secrets;
    private final Jobs jobs;
    private final LocalMediaWipe wipe;
    private final StreamDirectories directories;
    private final SavedConfigs saved;
    private final ZoneId zone;
    private final SecretRereads rereads;
    private final Map<String, HeldConfig> held = new LinkedHashMap<>();

    public Reconciler(AgentClient api, MediaUriResolver secrets, Jobs jobs, LocalMediaWipe wipe,
            StreamDirectories directories,
            SavedConfigs saved, ZoneId zone, Ticker ticker) {
        this.api = api;
        this.secrets = secrets;
        this.jobs = jobs;
        this.wipe = wipe;
        this.directories = directories;
        this.saved = saved;
        this.zone = zone;
        this.rereads = new SecretRereads(ticker);
    }

    /** Starts the jobs of the saved configurations, so the agent records before, and without, reaching the server. */
    public synchronized void restore() throws IOException {
        for (HeldConfig config : saved.load()) {
            held.put(config.streamArn(), config);
            if (config.runs()) {
                try {
                    jobs.run(StreamPlan.of(config, zone, directories));
                } catch (IllegalArgumentException e) {
                    LOG.warn("{}: the saved configuration cannot run: {}", config.streamArn(), e.getMessage());
                }
            }
        }
        LOG.info("restored {} saved configurations, {} running", held.size(), jobs.running().size());
    }

    public synchronized List<HeldConfig> held() {
        return List.copyOf(held.values());
    }

    /**
     * One round over the listed configurations. Throws when the server could not be reached or a camera secret could
     * not be read for a transient reason; everything decided until then is kept and saved, and the next round goes on.
     */
    public synchronized void round(List<ListEdgeAgentConfigurationsEdgeConfig> listed)
            throws IOException, InterruptedException, ApiCallException {
        try {
            Set<String> seen = new HashSet<>();
            for (ListEdgeAgentConfigurationsEdgeConfig config : listed) {
                seen.add(config.streamARN());
                handle(config, held.get(config.streamARN()));
            }
            for (HeldConfig gone : new ArrayList<>(held.values())) {
                if (!seen.contains(gone.streamArn())) {
                    removed(gone);
                }
            }
        } finally {
            saved.save(List.copyOf(held.values()));
        }
    }

    private void handle(ListEdgeAgentConfigurationsEdgeConfig c, HeldConfig h)
            throws IOException, InterruptedException, ApiCallException {
        String status = Objects.requireNonNullElse(c.syncStatus(), "");
        switch (status) {
            case "SYNCING", "ACKNOWLEDGED" -> syncing(c, h);
            case "IN_SYNC" -> inSync(c, h);
            case "SYNC_FAILED" -> syncFailed(c, h);
            case "DELETING", "DELETING_ACKNOWLEDGED" -> deleting(c, h);
            case "DELETE_FAILED" -> {
                // The user asked for a deletion that failed: nothing runs; the media stays until they delete again.
                jobs.stop(c.streamARN());
                hold(c.streamARN(), base(c, h == null ? Applied.PENDING : h.applied()));
            }
            default -> LOG.warn("{}: unknown SyncStatus {}, left alone", c.streamARN(), status);
        }
    }

    /** A new or changed configuration: RECEIVED, apply it, then APPLIED or FAILED. */
    private void syncing(ListEdgeAgentConfigurationsEdgeConfig c, HeldConfig h)
            throws IOException, InterruptedException, ApiCallException {
        boolean answeredBefore = h != null && Objects.equals(h.edgeConfig(), c.edgeConfig())
                && h.applied() != Applied.PENDING
                && ("SYNCING".equals(h.syncStatus()) || "ACKNOWLEDGED".equals(h.syncStatus()));
        if ("SYNCING".equals(c.syncStatus())) {
            api.acknowledge(c.streamARN(), c.edgeConfig(), "RECEIVED", null);
        }
        HeldConfig result = answeredBefore ? h.withStatus(c.syncStatus()) : apply(c);
        hold(c.streamARN(), result);
        if (result.applied() == Applied.PENDING) {
            throw new IOException(
                    "the configuration of " + c.streamARN() + " could not be applied yet: " + result.failure());
        }
        api.acknowledge(c.streamARN(), c.edgeConfig(), result.applied() == Applied.APPLIED ? "APPLIED" : "FAILED",
                result.failure());
    }

    /** In sync on the server: it runs here too, unless the agent lost it (a wiped data dir), then it runs again. */
    private void inSync(ListEdgeAgentConfigurationsEdgeConfig c, HeldConfig h)
            throws InterruptedException, IOException {
        if (h != null && Objects.equals(h.edgeConfig(), c.edgeConfig()) && h.applied() != Applied.PENDING) {
            hold(c.streamARN(), rereadSecretWhenDue(h).withStatus(c.syncStatus()));
            return;
        }
        HeldConfig result = apply(c);
        hold(c.streamARN(), result);
        if (result.applied() == Applied.PENDING) {
            throw new IOException(
                    "the configuration of " + c.streamARN() + " could not be applied yet: " + result.failure());
        }
    }

    /**
     * Failed on the server. If this agent runs it (its APPLIED was lost and the deadline passed), it keeps running;
     * otherwise nothing of it runs.
     */
    private void syncFailed(ListEdgeAgentConfigurationsEdgeConfig c, HeldConfig h) throws IOException {
        if (h != null && Objects.equals(h.edgeConfig(), c.edgeConfig()) && h.applied() == Applied.APPLIED) {
            hold(c.streamARN(), h.withStatus(c.syncStatus()));
            return;
        }
        jobs.stop(c.streamARN());
        hold(c.streamARN(), base(c, Applied.FAILED));
    }

    /** DELETING: RECEIVED, stop the jobs, delete the local media, then DELETED (or FAILED with the reason). */
    private void deleting(ListEdgeAgentConfigurationsEdgeConfig c, HeldConfig h)
            throws IOException, InterruptedException, ApiCallException {
        if ("DELETING".equals(c.syncStatus())) {
            api.confirmDeletion(c.streamARN(), "RECEIVED", null);
        }
        jobs.stop(c.streamARN());
        hold(c.streamARN(), base(c, h == null ? Applied.PENDING : h.applied()));
        String failure = null;
        try {
            wipe.wipe(c.streamARN(), directories.of(c.streamARN()));
            LOG.info("{}: configuration deleted, local media deleted", c.streamARN());
        } catch (IOException e) {
            failure = "Could not delete the local media: " + e.getMessage();
            LOG.warn("{}: {}", c.streamARN(), failure);
        }
        api.confirmDeletion(c.streamARN(), failure == null ? "DELETED" : "FAILED", failure);
        if (failure == null) {
            // DELETED removes it on the server; were that answer ignored, the next list shows it again.
            forget(c.streamARN());
        }
    }

    /**
     * No longer listed: the server removed it (after this agent's DELETED, or the deletion of one it never heard of).
     * Its jobs stop and its media goes; if the media cannot go, the entry stays so the next round tries again.
     */
    private void removed(HeldConfig h) throws IOException {
        jobs.stop(h.streamArn());
        try {
            wipe.wipe(h.streamArn(), directories.of(h.streamArn()));
        } catch (IOException e) {
            LOG.warn("{}: configuration gone, but its local media could not be deleted: {}", h.streamArn(),
                    e.getMessage());
            hold(h.streamArn(), h.withStatus("DELETING"));
            return;
        }
        forget(h.streamArn());
        LOG.info("{}: configuration gone from the server; jobs stopped, local media deleted", h.streamArn());
    }

    /**
     * Records a decision on disk before the server hears of it: an APPLIED the server got must never be forgotten by a
     * restart, or the agent would not run what the server shows IN_SYNC.
     */
    private void hold(String streamArn, HeldConfig config) throws IOException {
        held.put(streamArn, config);
        saved.save(List.copyOf(held.values()));
    }

    private void forget(String streamArn) throws IOException {
        held.remove(streamArn);
        saved.save(List.copyOf(held.values()));
    }

    /** Resolves the camera and starts the jobs; PENDING (keeping the old jobs) when that failed for a passing reason. */
    private HeldConfig apply(ListEdgeAgentConfigurationsEdgeConfig c) throws InterruptedException {
        HeldConfig pending = base(c, Applied.PENDING);
        try {
            var source = c.edgeConfig() == null || c.edgeConfig().recorderConfig() == null
                    ? null
                    : c.edgeConfig().recorderConfig().mediaSourceConfig();
            if (source == null || source.mediaUriSecretArn() == null) {
                throw new IllegalArgumentException(
                        "The configuration has no RecorderConfig.MediaSourceConfig.MediaUriSecretArn.");
            }
            URI uri = secrets.resolve(source.mediaUriSecretArn(), source.mediaUriType());
            rereads.read(c.streamARN());
            HeldConfig applied = pending.applied(uri.toString());
            jobs.run(StreamPlan.of(applied, zone, directories));
            LOG.info("{}: configuration applied", c.streamARN());
            return applied;
        } catch (IllegalArgumentException e) {
            return failed(pending, e.getMessage());
        } catch (ApiCallException e) {
            if (e.permanent()) {
                return failed(pending, "Could not read the camera secret: " + e.code() + ": " + messageOf(e));
            }
            LOG.info("{}: reading the camera secret failed, will retry: {}", c.streamARN(), e.getMessage());
            return withFailure(pending, e.getMessage());
        } catch (IOException e) {
            LOG.info("{}: reading the camera secret failed, will retry: {}", c.streamARN(), e.toString());
            return withFailure(pending, e.toString());
        }
    }

    /**
     * Reads a running configuration's camera secret again once {@link #SECRET_REFRESH} has passed (and on the first
     * round after a restart), so a camera password rotated in the secret reaches the recorder without a change of the
     * configuration. A new URI restarts the stream's jobs with it; a failed read keeps the URI it has until the next try.
     */
    private HeldConfig rereadSecretWhenDue(HeldConfig h) throws InterruptedException {
        return h.applied() == Applied.APPLIED && rereads.refreshDue(h.streamArn()) ? reread(h) : h;
    }

    /**
     * Reads again, at once and then with a growing pause, the camera secret of each stream whose camera refuses the
     * credentials of its URI (401): a password fixed in the secret reaches the recorder in seconds.
     */
    public synchronized void rereadWhereCamerasRefuse(Set<String> refusing) throws InterruptedException {
        for (String streamArn : rereads.refusedDue(refusing)) {
            HeldConfig h = held.get(streamArn);
            if (h == null || h.applied() != Applied.APPLIED) {
                continue;
            }
            LOG.debug("{}: the camera refuses the credentials: reading the camera secret again", streamArn);
            HeldConfig now = reread(h);
            if (now != h) {
                try {
                    hold(streamArn, now);
                } catch (IOException e) {
                    LOG.warn("{}: could not save the configurations: {}", streamArn, e.getMessage());
                }
            }
        }
    }

    /** Reads the camera secret again; a new URI restarts the stream's jobs with it, a failed read keeps the old one. */
    private HeldConfig reread(HeldConfig h) throws InterruptedException {
        rereads.read(h.streamArn());
        var source = h.edgeConfig().recorderConfig().mediaSourceConfig();
        try {
            String uri = secrets.resolve(source.mediaUriSecretArn(), source.mediaUriType()).toString();
            if (uri.equals(h.mediaUri())) {
                return h;
            }
            HeldConfig rotated = h.applied(uri);
            jobs.run(StreamPlan.of(rotated, zone, directories));
            LOG.info("{}: the camera secret changed; its jobs restart with the new value", h.streamArn());
            return rotated;
        } catch (IOException | ApiCallException | IllegalArgumentException e) {
            LOG.info("{}: could not read the camera secret again, recording goes on as it was: {}", h.streamArn(),
                    e.getMessage());
            return h;
        }
    }

    private HeldConfig failed(HeldConfig pending, String reason) {
        LOG.warn("{}: configuration cannot run: {}", pending.streamArn(), reason);
        jobs.stop(pending.streamArn());
        return pending.failed(reason);
    }

    private static HeldConfig withFailure(HeldConfig pending, String reason) {
        return new HeldConfig(pending.streamArn(), pending.streamName(), pending.edgeConfig(), pending.syncStatus(),
                Applied.PENDING, reason, null);
    }

    private static String messageOf(ApiCallException e) {
        String text = e.getMessage();
        int colon = text.indexOf(": ");
        return colon < 0 ? text : text.substring(colon + 2);
    }

    private static HeldConfig base(ListEdgeAgentConfigurationsEdgeConfig c, Applied applied) {
        return new HeldConfig(c.streamARN(), c.streamName(), c.edgeConfig(), c.syncStatus(), applied, null, null);
    }
}
