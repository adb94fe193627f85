package dev.kvsedge.server.edge;

import static dev.kvsedge.model.edge.EdgeShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.PageTokens;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.edge.EdgeConfigStore.EdgeWrite;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamKey;
import dev.kvsedge.server.streams.StreamService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The four public edge configuration operations: a stream's configuration is bound to one hub
 * device and moves through {@link SyncTransitions} as the API is called, the agent reports
 * ({@link EdgeAgentService}) and deadlines pass ({@link #sweep}).
 */
public final class EdgeService {
    private static final int DEFAULT_PAGE = 5;

    private final EdgeConfigStore store;
    private final StreamService streams;
    private final HubChanges changes;
    private final AgentPresence presence = new AgentPresence();
    private final Clock clock;
    private final Duration syncTimeout;
    private final int maxConfigurationsPerHub;

    public EdgeService(EdgeConfigStore store, StreamService streams, Clock clock, Duration syncTimeout,
            int maxConfigurationsPerHub) {
        this(store, streams, new HubChanges(), clock, syncTimeout, maxConfigurationsPerHub);
    }

    /** A service whose agents' long-polls wake when their hub changes on any node that shares {@code notices}. */
    public EdgeService(EdgeConfigStore store, StreamService streams, Notices notices, Clock clock, Duration syncTimeout,
            int maxConfigurationsPerHub) {
        this(store, streams, new HubChanges(notices), clock, syncTimeout, maxConfigurationsPerHub);
    }

    EdgeService(EdgeConfigStore store, StreamService streams, HubChanges changes, Clock clock, Duration syncTimeout,
            int maxConfigurationsPerHub) {
        this.store = store;
        this.streams = streams;
        this.changes = changes;
        this.clock = clock;
        this.syncTimeout = syncTimeout;
        this.maxConfigurationsPerHub = maxConfigurationsPerHub;
    }

    /** Wakes every waiting long-poll, after the configurations changed behind the service's back (a reset). */
    public void wakeAllAgents() {
        changes.signalAll();
    }

    HubChanges changes() {
        return changes;
    }

    EdgeConfigStore store() {
        return store;
    }

    AgentPresence presence() {
        return presence;
    }

    /** Hub devices whose agent has a long-poll waiting now. */
    public long hubsPolling() {
        return presence.hubsPolling();
    }

    /** How many edge configurations are in each sync state, counted in the store. */
    public Map<SyncStatus, Integer> countByStatus() {
        return store.countByStatus();
    }

    /** {@link EdgeConfigStore#update}, and the activity log line of the state change it made, if any. */
    EdgeWrite update(StreamKey key, SyncEvent event, EdgeConfigStore.EdgeChange change) {
        AtomicReference<Optional<EdgeConfiguration>> before = new AtomicReference<>(Optional.empty());
        EdgeWrite write = store.update(key, (current, hubs) -> {
            before.set(current);
            return change.apply(current, hubs);
        });
        EdgeEvents.changed(before.get(), write, event);
        return write;
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public EdgeConfigurationDescription start(Scope scope, StartEdgeConfigurationUpdateRequest request) {
        Stream stream = streams.requireStream(scope, request);
        if (stream.dataRetentionInHours() == 0) {
            throw new ApiException(ErrorCode.NO_DATA_RETENTION, "The stream " + stream.key().name()
                    + " keeps no data (DataRetentionInHours is 0); edge recording uploads need a stream that retains data.");
        }
        CronSchedules.requireValid(request.edgeConfig());
        EdgeConfig config = EdgeDefaults.apply(request.edgeConfig());
        Instant now = now();
        EdgeWrite write = update(stream.key(), SyncEvent.START, (current, hubs) -> {
            current.ifPresent(c -> {
                if (!c.hubDeviceArn().equals(config.hubDeviceArn())) {
                    throw ApiException.invalidArgument("The edge configuration of stream " + stream.key().name()
                            + " is bound to hub device " + c.hubDeviceArn() + ". To move it to another hub device, call"
                            + " DeleteEdgeConfiguration first, then StartEdgeConfigurationUpdate with the new HubDeviceArn.");
                }
            });
            SyncStatus state = current.map(EdgeConfiguration::status).orElse(null);
            SyncTransitions.Transition transition = SyncTransitions.of(state, SyncEvent.START)
                    .orElseThrow(() -> new ApiException(ErrorCode.RESOURCE_IN_USE,
                            "The edge configuration of stream " + stream.key().name()
                                    + " is " + state
                                    + ". Wait until it is IN_SYNC or SYNC_FAILED before updating it."));
            if (current.isEmpty() && hubs.configurations(scope, config.hubDeviceArn()) >= maxConfigurationsPerHub) {
                throw ApiException.invalidArgument("The hub device " + config.hubDeviceArn() + " already has "
                        + maxConfigurationsPerHub + " edge configurations, the most one hub device can have."
                        + " Delete one with DeleteEdgeConfiguration first.");
            }
            EdgeConfiguration after = current
                    .map(c -> c.withConfig(config))
                    .orElseGet(() -> new EdgeConfiguration(stream.key(), stream.arn(), config.hubDeviceArn(), config,
                            null, null, now, now, null, false, null, null))
                    .withState(transition.next(), null, now, deadline(transition, null, now));
            return EdgeWrite.store(after, true);
        });
        changes.signal(config.hubDeviceArn());
        return describe(write.after().orElseThrow(), false);
    }

    public EdgeConfigurationDescription describe(Scope scope, DescribeEdgeConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        return describe(store.find(stream.key()).orElseThrow(() -> notFound(stream.key())), true);
    }

    public void delete(Scope scope, DeleteEdgeConfigurationRequest request) {
        Stream stream = streams.requireStream(scope, request);
        // A configuration's hub never changes (Start refuses that), so it can be read before the transaction.
        String hub = store.find(stream.key()).orElseThrow(() -> notFound(stream.key())).hubDeviceArn();
        Instant now = now();
        EdgeWrite write = update(stream.key(), SyncEvent.DELETE, (current, hubs) -> {
            EdgeConfiguration config = current.orElseThrow(() -> notFound(stream.key()));
            if (config.status() == SyncStatus.DELETING || config.status() == SyncStatus.DELETING_ACKNOWLEDGED) {
                return EdgeWrite.unchanged(current);
            }
            SyncTransitions.Transition transition = SyncTransitions.of(config.status(), SyncEvent.DELETE).orElseThrow();
            if (!config.delivered()) {
                // No agent ever held it: nothing to stop or wipe on a device.
                return EdgeWrite.remove(true);
            }
            return EdgeWrite.store(config.withState(transition.next(), null, now, deadline(transition, null, now)),
                    true);
        });
        if (write.write()) {
            changes.signal(hub);
        }
    }

    public ListEdgeAgentConfigurationsResponse list(Scope scope, String agentHub,
            ListEdgeAgentConfigurationsRequest request) {
        if (agentHub != null && !agentHub.equals(request.hubDeviceArn())) {
            throw new ApiException(ErrorCode.NOT_AUTHORIZED,
                    "An edge agent can only list the configurations of its own hub device.");
        }
        int limit = request.maxResults() == null ? DEFAULT_PAGE : request.maxResults();
        String listing = "ListEdgeAgentConfigurations " + request.hubDeviceArn();
        String after = PageTokens.decode(listing, request.nextToken());
        List<EdgeConfiguration> page = store.listByHub(scope, request.hubDeviceArn(), after, limit + 1);
        String next = null;
        if (page.size() > limit) {
            page = page.subList(0, limit);
            next = PageTokens.encode(listing, page.getLast().stream().name());
        }
        return new ListEdgeAgentConfigurationsResponse(page.stream().map(c -> new ListEdgeAgentConfigurationsEdgeConfig(
                c.stream().name(), c.streamArn(), c.creationTime(), c.lastUpdatedTime(), c.status().name(),
                c.failedStatusDetails(), c.config())).toList(), next);
    }

    /** Applies every deadline that has passed; run periodically and once at start-up. Returns how many it applied. */
    public int sweep() {
        int applied = 0;
        for (StreamKey key : store.due(now(), 500)) {
            Instant now = now();
            EdgeWrite write = update(key, SyncEvent.DEADLINE, (current, hubs) -> {
                if (current.isEmpty() || current.get().deadline() == null || current.get().deadline().isAfter(now)) {
                    return EdgeWrite.unchanged(current);
                }
                EdgeConfiguration config = current.get();
                return SyncTransitions.of(config.status(), SyncEvent.DEADLINE)
                        .map(t -> EdgeWrite
                                .store(config.withState(t.next(), timeoutDetails(config.status()), now, null), false))
                        .orElse(EdgeWrite.unchanged(current));
            });
            applied += write.write() ? 1 : 0;
        }
        return applied;
    }

    Instant deadline(SyncTransitions.Transition transition, Instant running, Instant now) {
        return switch (transition.deadline()) {
            case SET -> now.plus(syncTimeout);
            case KEEP -> running;
            case CLEAR -> null;
        };
    }

    private String timeoutDetails(SyncStatus state) {
        String within = " within " + minutes(syncTimeout) + ".";
        return switch (state) {
            case SYNCING -> "No edge agent received the configuration" + within;
            case ACKNOWLEDGED -> "The edge agent received the configuration but did not report it applied" + within;
            case DELETING -> "No edge agent received the deletion" + within;
            case DELETING_ACKNOWLEDGED -> "The edge agent received the deletion but did not confirm it" + within;
            default -> "The configuration timed out" + within;
        };
    }

    private static String minutes(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " minutes" : d.toSeconds() + " seconds";
    }

    /** The configuration as DescribeEdgeConfiguration answers it ({@code withAgentStatus}) or Start does (without). */
    public static EdgeConfigurationDescription describe(EdgeConfiguration c, boolean withAgentStatus) {
        EdgeAgentStatus status = null;
        if (withAgentStatus && (c.recorder() != null || c.uploader() != null)) {
            status = new EdgeAgentStatus(
                    c.recorder() == null
                            ? null
                            : new LastRecorderStatus(c.recorder().details(), c.recorder().lastCollectedTime(),
                                    c.recorder().lastUpdatedTime(), c.recorder().status()),
                    c.uploader() == null
                            ? null
                            : new LastUploaderStatus(c.uploader().details(), c.uploader().lastCollectedTime(),
                                    c.uploader().lastUpdatedTime(), c.uploader().status()));
        }
        return new EdgeConfigurationDescription(c.stream().name(), c.streamArn(), c.creationTime(), c.lastUpdatedTime(),
                c.status().name(), c.failedStatusDetails(), c.config(), status);
    }

    /** Checks a ScheduleExpression with the rules of StartEdgeConfigurationUpdate (InvalidArgumentException if not). */
    public static void requireValidSchedule(String expression, String owner) {
        CronSchedules.requireValid(expression, owner);
    }

    static ApiException notFound(StreamKey key) {
        return new ApiException(ErrorCode.STREAM_EDGE_CONFIGURATION_NOT_FOUND,
                "The stream " + key.name() + " has no edge configuration.");
    }

}
