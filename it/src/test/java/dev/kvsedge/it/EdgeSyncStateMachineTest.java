package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static dev.kvsedge.it.EdgeFixtures.weekdayRecording;
import static dev.kvsedge.it.EdgeFixtures.weekdayRecordingJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.DescribeEdgeConfigurationResponse;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;
import software.amazon.awssdk.services.kinesisvideo.model.RecorderStatus;
import software.amazon.awssdk.services.kinesisvideo.model.StreamEdgeConfigurationNotFoundException;
import software.amazon.awssdk.services.kinesisvideo.model.SyncStatus;
import software.amazon.awssdk.services.kinesisvideo.model.UploaderStatus;

/**
 * Drives the sync state machine through every transition with the agent protocol (signed requests
 * with agent credentials) and an injected clock for the deadlines.
 */
class EdgeSyncStateMachineTest {
    private static final String HUB = hub("hub-sm");
    private final MutableClock clock = MutableClock.startingNow();
    private final Path dataDir = TestServer.newDataDir();
    private TestServer server;
    private KinesisVideoClient kvs;
    private TestAgent agent;
    private String streamArn;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(clock, dataDir);
        kvs = server.client();
        agent = TestAgent.mint(server, HUB);
        streamArn = kvs.createStream(r -> r.streamName("cam").dataRetentionInHours(24)).streamARN();
    }

    @AfterEach
    void stop() {
        kvs.close();
        server.close();
    }

    private SyncStatus status() {
        return kvs.describeEdgeConfiguration(r -> r.streamName("cam")).syncStatus();
    }

    private void startConfig() {
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(HUB)));
    }

    private void syncToInSync() throws Exception {
        startConfig();
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "RECEIVED", null);
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "APPLIED", null);
    }

    @Test
    void theAgentTakesAConfigurationFromSyncingThroughAcknowledgedToInSync() throws Exception {
        long before = agent.waitForChanges(0, 0);
        startConfig();
        assertThat(agent.waitForChanges(before, 5)).isGreaterThan(before);
        Instant created = kvs.describeEdgeConfiguration(r -> r.streamName("cam")).lastUpdatedTime();

        clock.advance(Duration.ofSeconds(1));
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "RECEIVED", null);
        DescribeEdgeConfigurationResponse acknowledged = kvs.describeEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(acknowledged.syncStatus()).isEqualTo(SyncStatus.ACKNOWLEDGED);
        assertThat(acknowledged.lastUpdatedTime()).isAfter(created);

        clock.advance(Duration.ofSeconds(1));
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "APPLIED", null);
        DescribeEdgeConfigurationResponse inSync = kvs.describeEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(inSync.syncStatus()).isEqualTo(SyncStatus.IN_SYNC);
        assertThat(inSync.lastUpdatedTime()).isAfter(acknowledged.lastUpdatedTime());
        assertThat(inSync.creationTime()).isEqualTo(created);
    }

    @Test
    void theAgentsJobReportsAppearAsEdgeAgentStatus() throws Exception {
        syncToInSync();
        agent.report(streamArn,
                "{\"Status\":\"SUCCESS\",\"JobStatusDetails\":\"recording\",\"LastCollectedTime\":1700000000.5}",
                "{\"Status\":\"USER_ERROR\",\"JobStatusDetails\":\"stream not found\"}");
        var status = kvs.describeEdgeConfiguration(r -> r.streamName("cam")).edgeAgentStatus();
        assertThat(status.lastRecorderStatus().recorderStatus()).isEqualTo(RecorderStatus.SUCCESS);
        assertThat(status.lastRecorderStatus().jobStatusDetails()).isEqualTo("recording");
        assertThat(status.lastRecorderStatus().lastCollectedTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
        assertThat(status.lastRecorderStatus().lastUpdatedTime())
                .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(status.lastUploaderStatus().uploaderStatus()).isEqualTo(UploaderStatus.USER_ERROR);
    }

    @Test
    void aFailureTheAgentReportsEndsInSyncFailedWithItsDetails() throws Exception {
        syncToInSync();
        startConfig();
        assertThat(status()).isEqualTo(SyncStatus.SYNCING);
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "FAILED", "camera secret not found");
        DescribeEdgeConfigurationResponse failed = kvs.describeEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(failed.syncStatus()).isEqualTo(SyncStatus.SYNC_FAILED);
        assertThat(failed.failedStatusDetails()).isEqualTo("camera secret not found");
        startConfig();
        assertThat(status()).isEqualTo(SyncStatus.SYNCING);
    }

    @Test
    void anAcknowledgementOfAReplacedVersionIsIgnored() throws Exception {
        syncToInSync();
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(HUB).toBuilder()
                .deletionConfig(d -> d.edgeRetentionInHours(1)).build()));
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "APPLIED", null);
        assertThat(status()).isEqualTo(SyncStatus.SYNCING);
    }

    @Test
    void noAgentWithinTheSyncTimeoutEndsInSyncFailed() {
        startConfig();
        clock.advance(Duration.ofMinutes(15).minusMillis(1));
        assertThat(server.server.sweepEdgeDeadlines()).isZero();
        assertThat(status()).isEqualTo(SyncStatus.SYNCING);
        clock.advance(Duration.ofMillis(1));
        assertThat(server.server.sweepEdgeDeadlines()).isEqualTo(1);
        DescribeEdgeConfigurationResponse failed = kvs.describeEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(failed.syncStatus()).isEqualTo(SyncStatus.SYNC_FAILED);
        assertThat(failed.failedStatusDetails()).contains("15 minutes");
    }

    @Test
    void anAcknowledgedConfigurationNeverAppliedAlsoTimesOut() throws Exception {
        startConfig();
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "RECEIVED", null);
        clock.advance(Duration.ofMinutes(16));
        server.server.sweepEdgeDeadlines();
        assertThat(kvs.describeEdgeConfiguration(r -> r.streamName("cam")).failedStatusDetails())
                .contains("did not report it applied");
    }

    @Test
    void aDeadlineThatPassedWhileTheServerWasDownAppliesOnStart() {
        startConfig();
        kvs.close();
        server.close();
        clock.advance(Duration.ofMinutes(20));
        server = TestServer.start(clock, dataDir);
        kvs = server.client();
        assertThat(status()).isEqualTo(SyncStatus.SYNC_FAILED);
    }

    @Test
    void aRestartInTheMiddleOfSyncingKeepsTheDeadline() throws Exception {
        startConfig();
        kvs.close();
        server.close();
        clock.advance(Duration.ofMinutes(5));
        server = TestServer.start(clock, dataDir);
        kvs = server.client();
        assertThat(status()).isEqualTo(SyncStatus.SYNCING);
        agent = agent.on(server);
        agent.acknowledge(streamArn, weekdayRecordingJson(HUB), "APPLIED", null);
        assertThat(status()).isEqualTo(SyncStatus.IN_SYNC);
    }

    @Test
    void deletionGoesThroughDeletingAndDeletingAcknowledgedToGone() throws Exception {
        syncToInSync();
        long seen = agent.waitForChanges(0, 0);
        kvs.deleteEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(status()).isEqualTo(SyncStatus.DELETING);
        assertThat(agent.waitForChanges(seen, 5)).isGreaterThan(seen);
        assertThat(kvs.listEdgeAgentConfigurations(r -> r.hubDeviceArn(HUB)).edgeConfigs().getFirst().syncStatus())
                .isEqualTo(SyncStatus.DELETING);

        agent.confirmDeletion(streamArn, "RECEIVED", null);
        assertThat(status()).isEqualTo(SyncStatus.DELETING_ACKNOWLEDGED);
        agent.confirmDeletion(streamArn, "DELETED", null);
        assertThatThrownBy(() -> kvs.describeEdgeConfiguration(r -> r.streamName("cam")))
                .isInstanceOf(StreamEdgeConfigurationNotFoundException.class);
    }

    @Test
    void aFailedDeletionCanBeRetried() throws Exception {
        syncToInSync();
        kvs.deleteEdgeConfiguration(r -> r.streamName("cam"));
        agent.confirmDeletion(streamArn, "FAILED", "disk is read-only");
        DescribeEdgeConfigurationResponse failed = kvs.describeEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(failed.syncStatus()).isEqualTo(SyncStatus.DELETE_FAILED);
        assertThat(failed.failedStatusDetails()).isEqualTo("disk is read-only");
        kvs.deleteEdgeConfiguration(r -> r.streamName("cam"));
        assertThat(status()).isEqualTo(SyncStatus.DELETING);
    }

    @Test
    void aDeletionNoAgentConfirmsEndsInDeleteFailed() throws Exception {
        syncToInSync();
        kvs.deleteEdgeConfiguration(r -> r.streamName("cam"));
        clock.advance(Duration.ofMinutes(15));
        server.server.sweepEdgeDeadlines();
        assertThat(status()).isEqualTo(SyncStatus.DELETE_FAILED);
    }

    @Test
    void aLongPollWakesWhenTheConfigurationChanges() throws Exception {
        long seen = agent.waitForChanges(0, 0);
        CompletableFuture<Long> poll = CompletableFuture.supplyAsync(() -> {
            try {
                return agent.waitForChanges(seen, 30);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertThat(poll).isNotDone();
        startConfig();
        assertThat(poll.get(10, TimeUnit.SECONDS)).isGreaterThan(seen);
    }

    @Test
    void anAgentReachesOnlyItsOwnHub() throws Exception {
        TestAgent other = TestAgent.mint(server, hub("other-hub"));
        startConfig();
        assertThatThrownBy(() -> other.acknowledge(streamArn, weekdayRecordingJson(HUB), "APPLIED", null))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("AccessDeniedException"));
        assertThatThrownBy(() -> other.waitForChanges(HUB, 0, 0))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("AccessDeniedException"));
        try (KinesisVideoClient asAgent = server.client(Region.US_EAST_1, other.accessKeyId, other.secret)) {
            assertThatThrownBy(() -> asAgent.listEdgeAgentConfigurations(r -> r.hubDeviceArn(HUB)))
                    .isInstanceOfSatisfying(KinesisVideoException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotAuthorizedException"));
            assertThat(asAgent.listEdgeAgentConfigurations(r -> r.hubDeviceArn(hub("other-hub"))).edgeConfigs())
                    .isEmpty();
            assertThatThrownBy(() -> asAgent.createStream(r -> r.streamName("not-allowed")))
                    .isInstanceOfSatisfying(KinesisVideoException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    });
            assertThatThrownBy(() -> asAgent.describeEdgeConfiguration(r -> r.streamName("cam")))
                    .isInstanceOfSatisfying(KinesisVideoException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
        }
        assertThat(status()).isEqualTo(SyncStatus.SYNCING);
    }

    @Test
    void theAgentListsItsConfigurationsWithThePublicApi() throws Exception {
        startConfig();
        try (KinesisVideoClient asAgent = server.client(Region.US_EAST_1, agent.accessKeyId, agent.secret)) {
            var listed = asAgent.listEdgeAgentConfigurations(r -> r.hubDeviceArn(HUB)).edgeConfigs();
            assertThat(listed).hasSize(1);
            assertThat(listed.getFirst().streamARN()).isEqualTo(streamArn);
            assertThat(listed.getFirst().edgeConfig().recorderConfig().mediaSourceConfig().mediaUriSecretArn())
                    .isEqualTo(EdgeFixtures.SECRET_ARN);
        }
    }

    @Test
    void revokedAgentCredentialsAreRefused() throws Exception {
        server.http("test", "test").call("/admin/deleteAgentCredentials",
                "{\"AccessKeyId\":\"" + agent.accessKeyId + "\"}");
        assertThatThrownBy(() -> agent.waitForChanges(0, 0))
                .isInstanceOfSatisfying(SignedHttp.AwsError.class,
                        e -> assertThat(e.code).isEqualTo("UnrecognizedClientException"));
    }

    @Test
    void changingTheHubOfAConfigurationNeedsADeleteFirst() throws Exception {
        syncToInSync();
        assertThatThrownBy(() -> kvs
                .startEdgeConfigurationUpdate(r -> r.streamName("cam").edgeConfig(weekdayRecording(hub("new-hub")))))
                .isInstanceOfSatisfying(KinesisVideoException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException"))
                .hasMessageContaining("DeleteEdgeConfiguration");
    }
}
