package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static dev.kvsedge.it.EdgeFixtures.weekdayRecording;
import static dev.kvsedge.it.EdgeFixtures.weekdayRecordingJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.server.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;

/**
 * The console's extension operations (docs/console-api.md) over the wire, signed like the public API: hub devices
 * with their agents' contact, version, zone, backlog and key pairs; an edge configuration's sync history; schedules
 * in words; and what an agent's key pair may see.
 */
class ConsoleExtensionsTest {
    private static final String HUB = hub("console-hub");
    private static final String OTHER_HUB = hub("other-hub");
    private final MutableClock clock = MutableClock.startingNow();
    private TestServer server;
    private KinesisVideoClient kvs;
    private SignedHttp admin;
    private TestAgent agent;
    private String streamArn;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(clock, TestServer.newDataDir());
        kvs = server.client();
        admin = server.http("test", "test");
        agent = TestAgent.mint(server, HUB);
        streamArn = kvs.createStream(r -> r.streamName("cam").dataRetentionInHours(24)).streamARN();
    }

    @AfterEach
    void stop() {
        kvs.close();
        server.close();
    }

    private JsonNode hubDevice(SignedHttp caller, String hubArn) throws Exception {
        for (JsonNode device : caller.call("/hubs/listHubDevices", "{}").path("HubDevices")) {
            if (device.path("HubDeviceArn").asText().equals(hubArn)) {
                return device;
            }
        }
        throw new AssertionError(hubArn + " is not listed");
    }

    private void poll(String version, String zone) throws Exception {
        agent.http.call("/edgeAgent/waitForChanges", "{\"HubDeviceArn\":\"" + HUB + "\",\"Since\":0,\"WaitSeconds\":0"
                + (version == null ? "" : ",\"AgentVersion\":\"" + version + "\",\"TimeZone\":\"" + zone + "\"") + "}");
    }

    @Test
    void aHubIsListedWithItsKeyPairBeforeItsAgentEverCalled() throws Exception {
        JsonNode device = hubDevice(admin, HUB);

        assertThat(device.path("Health").asText()).isEqualTo("NEVER_CONNECTED");
        assertThat(device.path("AgentCredentials").get(0).path("AccessKeyId").asText()).isEqualTo(agent.accessKeyId);
        assertThat(device.path("AgentCredentials").get(0).has("SecretAccessKey")).isFalse();
        assertThat(device.path("EdgeConfigurations")).isEmpty();
    }

    @Test
    void anAgentsLongPollIsItsHubsContactWithItsVersionAndZone() throws Exception {
        poll("kvs-edge 9.9", "Europe/Paris");

        JsonNode device = hubDevice(admin, HUB);
        assertThat(device.path("Health").asText()).isEqualTo("ONLINE");
        assertThat(device.path("AgentVersion").asText()).isEqualTo("kvs-edge 9.9");
        assertThat(device.path("TimeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(Instant.ofEpochMilli(Math.round(device.path("LastContactTime").asDouble() * 1000)))
                .isBetween(clock.instant().minusSeconds(1), clock.instant().plusSeconds(1));
    }

    @Test
    void anAgentBeforeTheConsoleSaysNoVersionAndStillCounts() throws Exception {
        agent.waitForChanges(0, 0);

        JsonNode device = hubDevice(admin, HUB);
        assertThat(device.path("Health").asText()).isEqualTo("ONLINE");
        assertThat(device.has("AgentVersion")).isFalse();
    }

    @Test
    void aSilentAgentGoesOfflineAndARevokedKeyTurnsItsHubRevoked() throws Exception {
        poll("kvs-edge 9.9", "UTC");
        clock.advance(Duration.ofSeconds(91));
        assertThat(hubDevice(admin, HUB).path("Health").asText()).isEqualTo("OFFLINE");

        poll("kvs-edge 9.9", "UTC");
        admin.call("/admin/deleteAgentCredentials", "{\"AccessKeyId\":\"" + agent.accessKeyId + "\"}");

        JsonNode device = hubDevice(admin, HUB);
        assertThat(device.path("Health").asText()).isEqualTo("REVOKED");
        assertThat(device.path("HealthDetails").asText()).contains(agent.accessKeyId).contains("revoked");
    }

    @Test
    void anAgentsKeyPairSeesOnlyItsOwnHub() throws Exception {
        TestAgent.mint(server, OTHER_HUB);

        JsonNode devices = agent.http.call("/hubs/listHubDevices", "{}").path("HubDevices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).path("HubDeviceArn").asText()).isEqualTo(HUB);
        assertThat(admin.call("/hubs/listHubDevices", "{}").path("HubDevices")).hasSize(2);
        assertThatThrownBy(() -> agent.http.call("/hubs/listHubDevices", "{\"HubDeviceArn\":\"" + OTHER_HUB + "\"}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class, e -> {
                    assertThat(e.status).isEqualTo(403);
                    assertThat(e.code).isEqualTo("AccessDeniedException");
                });
        for (String adminOnly : List.of("/timeline/listStreamActivity", "/timeline/getMediaCoverage",
                "/edgeConfigurations/listSyncHistory")) {
            assertThatThrownBy(() -> agent.http.call(adminOnly, "{\"StreamNames\":[\"cam\"],\"StreamName\":\"cam\","
                    + "\"StartTimestamp\":1,\"EndTimestamp\":2}"))
                    .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                            e -> assertThat(e.code).isEqualTo("AccessDeniedException"));
        }
    }

    @Test
    void aStatusReportsBacklogShowsOnItsHubAndAReportWithoutOneIsStillAccepted() throws Exception {
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(HUB)));
        agent.report(streamArn, "{\"Status\":\"SUCCESS\",\"JobStatusDetails\":\"Recording\"}", null); // an older agent
        assertThat(hubDevice(admin, HUB).path("EdgeConfigurations").get(0).has("Backlog")).isFalse();

        agent.http.call("/edgeAgent/reportEdgeAgentStatus", "{\"StreamARN\":\"" + streamArn + "\","
                + "\"RecorderStatus\":{\"Status\":\"SUCCESS\"},\"Backlog\":{\"Segments\":3,\"Bytes\":4096,"
                + "\"OldestRecordingTime\":1700000000,\"PendingRanges\":[{\"StartTimestamp\":1700000000,\"EndTimestamp\":1700000012.5}]}}");

        JsonNode config = hubDevice(admin, HUB).path("EdgeConfigurations").get(0);
        assertThat(config.path("StreamName").asText()).isEqualTo("cam");
        assertThat(config.path("SyncStatus").asText()).isEqualTo("SYNCING");
        assertThat(config.path("EdgeAgentStatus").path("LastRecorderStatus").path("RecorderStatus").asText())
                .isEqualTo("SUCCESS");
        JsonNode backlog = config.path("Backlog");
        assertThat(backlog.path("Segments").asLong()).isEqualTo(3);
        assertThat(backlog.path("Bytes").asLong()).isEqualTo(4096);
        assertThat(backlog.path("OldestRecordingTime").asDouble()).isEqualTo(1_700_000_000d);
        assertThat(backlog.path("PendingRanges").get(0).path("EndTimestamp").asDouble()).isEqualTo(1_700_000_012.5d);
    }

    @Test
    void aBacklogWithARangeEndingBeforeItStartsIsRefused() throws Exception {
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(HUB)));
        assertThatThrownBy(() -> agent.http.call("/edgeAgent/reportEdgeAgentStatus", "{\"StreamARN\":\"" + streamArn
                + "\","
                + "\"Backlog\":{\"Segments\":1,\"Bytes\":1,\"PendingRanges\":[{\"StartTimestamp\":20,\"EndTimestamp\":10}]}}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("InvalidArgumentException"));
    }

    @Test
    void theSyncHistoryListsEveryStateNewestFirstWithTheDeletion() throws Exception {
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(HUB)));
        clock.advance(Duration.ofSeconds(1));
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "RECEIVED", null);
        clock.advance(Duration.ofSeconds(1));
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "FAILED", "camera unreachable");
        clock.advance(Duration.ofSeconds(1));
        kvs.deleteEdgeConfiguration(r -> r.streamName("cam"));
        clock.advance(Duration.ofSeconds(1));
        agent.confirmDeletion(streamArn, "DELETED", null);

        JsonNode events = admin.call("/edgeConfigurations/listSyncHistory", "{\"StreamName\":\"cam\"}").path("Events");
        List<String> states = new ArrayList<>();
        events.forEach(e -> states.add(e.path("SyncStatus").asText()));
        assertThat(states).containsExactly("DELETED", "DELETING", "SYNC_FAILED", "ACKNOWLEDGED", "SYNCING");
        assertThat(events.get(2).path("FailedStatusDetails").asText()).isEqualTo("camera unreachable");
        assertThat(events.get(0).path("Time").asDouble()).isGreaterThan(events.get(4).path("Time").asDouble());
    }

    @Test
    void aScheduleIsSaidInWordsInTheHubsZoneWithItsNextWindows() throws Exception {
        clock.advance(Duration.between(clock.instant(), Instant.parse("2026-01-05T06:00:00Z"))); // a Monday; Paris is UTC+1
        poll("kvs-edge 9.9", "Europe/Paris");

        JsonNode described = admin.call("/edgeConfigurations/describeSchedule",
                "{\"ScheduleExpression\":\"0 0 8-17 ? * MON-FRI\","
                        + "\"DurationInSeconds\":3600,\"HubDeviceArn\":\"" + HUB + "\",\"Count\":2}");

        assertThat(described.path("Description").asText()).isEqualTo("Monday to Friday 08:00–18:00");
        assertThat(described.path("TimeZone").asText()).isEqualTo("Europe/Paris");
        assertThat(described.path("NextWindows").get(0).path("StartTimestamp").asDouble())
                .isEqualTo(Instant.parse("2026-01-05T07:00:00Z").getEpochSecond());
        assertThat(described.path("NextWindows").get(0).path("EndTimestamp").asDouble())
                .isEqualTo(Instant.parse("2026-01-05T17:00:00Z").getEpochSecond());
        assertThat(described.path("NextWindows").get(1).path("StartTimestamp").asDouble())
                .isEqualTo(Instant.parse("2026-01-06T07:00:00Z").getEpochSecond());
    }

    @Test
    void aScheduleIsCheckedWithTheRulesOfStartEdgeConfigurationUpdate() throws Exception {
        assertThatThrownBy(
                () -> admin.call("/edgeConfigurations/describeSchedule", "{\"ScheduleExpression\":\"0 0 25 * * ?\"}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class, e -> {
                    assertThat(e.code).isEqualTo("InvalidArgumentException");
                    assertThat(e.getMessage()).contains("is not a valid Quartz cron expression");
                });
        assertThatThrownBy(
                () -> admin.call("/edgeConfigurations/describeSchedule", "{\"ScheduleExpression\":\"0 0 *\"}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> admin.call("/edgeConfigurations/describeSchedule",
                "{\"ScheduleExpression\":\"0 0 8 * * ?\",\"TimeZone\":\"Mars/Olympus\"}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("InvalidArgumentException"));
    }

    @Test
    void streamActivityNamesEachStreamsEdgeStateAndSkipsStreamsThatAreGone() throws Exception {
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(HUB)));
        kvs.createStream(r -> r.streamName("quiet").dataRetentionInHours(1));

        JsonNode streams = admin.call("/timeline/listStreamActivity", "{\"StreamNames\":[\"cam\",\"quiet\",\"gone\"]}")
                .path("Streams");

        assertThat(streams).hasSize(2);
        assertThat(streams.get(0).path("SyncStatus").asText()).isEqualTo("SYNCING");
        assertThat(streams.get(0).path("HubDeviceArn").asText()).isEqualTo(HUB);
        assertThat(streams.get(0).has("LatestFragment")).isFalse();
        assertThat(streams.get(1).path("StreamName").asText()).isEqualTo("quiet");
        assertThat(streams.get(1).has("SyncStatus")).isFalse();
    }

    @Test
    void coverageOfARangeThatEndsBeforeItStartsIsRefused() {
        assertThatThrownBy(() -> admin.call("/timeline/getMediaCoverage",
                "{\"StreamName\":\"cam\",\"StartTimestamp\":20,\"EndTimestamp\":10}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("InvalidArgumentException"));
        assertThatThrownBy(() -> admin.call("/timeline/getMediaCoverage",
                "{\"StreamName\":\"nope\",\"StartTimestamp\":1,\"EndTimestamp\":10}"))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("ResourceNotFoundException"));
    }
}
