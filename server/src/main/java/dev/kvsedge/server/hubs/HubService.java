package dev.kvsedge.server.hubs;

import static dev.kvsedge.model.console.ConsoleShapes.*;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.ErrorCode;
import dev.kvsedge.model.edge.AgentShapes.AgentBacklog;
import dev.kvsedge.model.edge.AgentShapes.AgentCredentialSummary;
import dev.kvsedge.model.edge.AgentShapes.ListAgentCredentialsRequest;
import dev.kvsedge.model.edge.AgentShapes.TimeRange;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.agents.AgentCredentialService;
import dev.kvsedge.server.edge.EdgeConfigStore;
import dev.kvsedge.server.edge.EdgeConfiguration;
import dev.kvsedge.server.edge.EdgeService;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamService;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Hub devices as the console shows them (kvs-edge's extension, see docs/console-api.md): each with its edge
 * configurations, its agent's last contact, version and zone, the backlog per stream its agent reports, and its
 * agent key pairs; also an edge configuration's sync history and schedules in words. An agent sees only its hub.
 */
public final class HubService {
    private static final int PAGE = 100;
    private static final int DEFAULT_HISTORY = 50;
    private static final int DEFAULT_WINDOWS = 5;

    private final HubStore store;
    private final EdgeConfigStore edge;
    private final StreamService streams;
    private final AgentCredentialService credentials;
    private final Clock clock;

    public HubService(HubStore store, EdgeConfigStore edge, StreamService streams, AgentCredentialService credentials,
            Clock clock) {
        this.store = store;
        this.edge = edge;
        this.streams = streams;
        this.credentials = credentials;
        this.clock = clock;
    }

    public ListHubDevicesResponse list(Scope scope, String agentHub, ListHubDevicesRequest request) {
        requireOwnHub(agentHub, request.hubDeviceArn());
        String only = agentHub != null ? agentHub : request.hubDeviceArn();
        List<AgentCredentialSummary> keys = credentials.list(scope, new ListAgentCredentialsRequest(only))
                .agentCredentials();
        TreeSet<String> hubs = new TreeSet<>(store.hubs(scope));
        keys.forEach(k -> hubs.add(k.hubDeviceArn()));
        if (only != null) {
            hubs.retainAll(Set.of(only));
            hubs.add(only);
        }
        Instant now = clock.instant();
        List<HubDevice> devices = new ArrayList<>();
        for (String hub : hubs) {
            List<AgentCredentialSummary> hubKeys = keys.stream().filter(k -> k.hubDeviceArn().equals(hub)).toList();
            devices.add(device(scope, hub, hubKeys, now));
        }
        return new ListHubDevicesResponse(devices);
    }

    private HubDevice device(Scope scope, String hub, List<AgentCredentialSummary> keys, Instant now) {
        List<EdgeConfiguration> configs = configurations(scope, hub);
        Map<String, StreamBacklog> backlogs = store
                .backlogs(configs.stream().map(EdgeConfiguration::streamArn).toList());
        Optional<HubContact> contact = store.contact(scope, hub);
        HubHealth health = HubHealth.of(contact, keys.stream().map(AgentCredentialSummary::accessKeyId)
                .collect(Collectors.toSet()), now);
        List<HubEdgeConfiguration> views = configs.stream().map(c -> new HubEdgeConfiguration(c.stream().name(),
                c.streamArn(), c.status().name(), c.failedStatusDetails(), c.lastUpdatedTime(),
                EdgeService.describe(c, true).edgeAgentStatus(), backlog(backlogs.get(c.streamArn())))).toList();
        return new HubDevice(hub, health.state(), health.details(), contact.map(HubContact::lastContact).orElse(null),
                contact.map(HubContact::agentVersion).orElse(null), contact.map(HubContact::timeZone).orElse(null),
                keys, views);
    }

    private List<EdgeConfiguration> configurations(Scope scope, String hub) {
        List<EdgeConfiguration> all = new ArrayList<>();
        List<EdgeConfiguration> page;
        String after = null;
        do {
            page = edge.listByHub(scope, hub, after, PAGE);
            all.addAll(page);
            after = page.isEmpty() ? null : page.getLast().stream().name();
        } while (page.size() == PAGE);
        return all;
    }

    private static dev.kvsedge.model.console.ConsoleShapes.StreamBacklog backlog(StreamBacklog b) {
        return b == null
                ? null
                : new dev.kvsedge.model.console.ConsoleShapes.StreamBacklog(b.segments(), b.bytes(),
                        b.oldestRecording(),
                        b.pendingRanges().stream().map(s -> new TimeRange(s.start(), s.end())).toList(),
                        b.reported());
    }

    /**
     * Notes that the hub's agent is in touch (a long-poll starts or ends), with what it says of itself. An agent's
     * poll for another hub is refused by the poll itself and not noted here.
     */
    public void agentPolled(Scope scope, String agentHub, String hubDeviceArn, String accessKeyId, String version,
            String timeZone) {
        if (agentHub != null && !agentHub.equals(hubDeviceArn)) {
            return;
        }
        store.recordContact(new HubContact(scope, hubDeviceArn, accessKeyId, agentHub != null, version, timeZone,
                clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    /** Keeps the backlog an agent reported with its status (after the status report itself was accepted). */
    public void backlogReported(String streamArn, AgentBacklog backlog) {
        if (backlog == null) {
            return;
        }
        List<StreamBacklog.Span> spans = backlog.pendingRanges() == null
                ? List.of()
                : backlog.pendingRanges().stream()
                        .map(r -> new StreamBacklog.Span(r.startTimestamp(), r.endTimestamp())).toList();
        for (StreamBacklog.Span span : spans) {
            if (span.end().isBefore(span.start())) {
                throw ApiException.invalidArgument("A pending range of the backlog ends before it starts.");
            }
        }
        store.recordBacklog(
                new StreamBacklog(streamArn, backlog.segments(), backlog.bytes(), backlog.oldestRecordingTime(),
                        spans, clock.instant().truncatedTo(ChronoUnit.MILLIS)));
    }

    public ListEdgeSyncHistoryResponse history(Scope scope, ListEdgeSyncHistoryRequest request) {
        Stream stream = streams.requireStream(scope, request);
        int limit = request.maxResults() == null ? DEFAULT_HISTORY : request.maxResults();
        return new ListEdgeSyncHistoryResponse(edge.history(stream.key(), stream.arn(), limit).stream()
                .map(e -> new SyncHistoryEvent(e.time(), e.syncStatus(), e.failedStatusDetails())).toList());
    }

    /**
     * A schedule in words with its next windows, in the zone asked for, else the one the hub's agent reported, else
     * UTC. The expression is checked with the rules StartEdgeConfigurationUpdate applies.
     */
    public DescribeScheduleResponse describeSchedule(Scope scope, String agentHub, DescribeScheduleRequest request) {
        requireOwnHub(agentHub, request.hubDeviceArn());
        EdgeService.requireValidSchedule(request.scheduleExpression(), "given");
        ZoneId zone = zone(scope, request);
        Duration duration = Duration.ofSeconds(request.durationInSeconds() == null ? 0 : request.durationInSeconds());
        ScheduleWords.Described described = ScheduleWords.describe(request.scheduleExpression(), duration, zone,
                clock.instant(), request.count() == null ? DEFAULT_WINDOWS : request.count());
        return new DescribeScheduleResponse(described.words(), zone.getId(),
                described.next().stream().map(w -> new TimeRange(w.start(), w.end())).toList());
    }

    private ZoneId zone(Scope scope, DescribeScheduleRequest request) {
        if (request.timeZone() != null) {
            try {
                return ZoneId.of(request.timeZone());
            } catch (DateTimeException e) {
                throw ApiException
                        .invalidArgument("The TimeZone '" + request.timeZone() + "' is not a known time zone.");
            }
        }
        String reported = request.hubDeviceArn() == null
                ? null
                : store.contact(scope, request.hubDeviceArn()).map(HubContact::timeZone).orElse(null);
        try {
            return reported == null ? ZoneOffset.UTC : ZoneId.of(reported);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC; // an agent on a JVM that knows zones this one does not
        }
    }

    private static void requireOwnHub(String agentHub, String hubDeviceArn) {
        if (agentHub != null && hubDeviceArn != null && !agentHub.equals(hubDeviceArn)) {
            throw new ApiException(ErrorCode.ACCESS_DENIED, "An edge agent can only see its own hub device.");
        }
    }
}
