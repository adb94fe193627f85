package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.CreateStreamResponse;
import software.amazon.awssdk.services.kinesisvideo.model.UpdateDataRetentionOperation;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The activity log of a server driven by the AWS SDKs and a real PutMedia producer: one line per control-plane
 * change, per upload start and end, and per agent returning after a silence, each with the request's id, and never
 * a secret.
 */
class ActivityLogTest {
    static TestServer server;
    static KinesisVideoClient kvs;
    static SecretsManagerClient secrets;
    static LogCapture log;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kvs = server.client();
        secrets = server.secretsManager();
        log = new LogCapture();
    }

    @AfterAll
    static void stop() {
        log.close();
        kvs.close();
        secrets.close();
        server.close();
    }

    @BeforeEach
    void clearLog() {
        log.clear();
    }

    @Test
    void eachStreamChangeIsOneLineWithTheRequestIdItsClientGot() {
        CreateStreamResponse created = kvs.createStream(r -> r.streamName("log-cam").dataRetentionInHours(24));
        String version = kvs.describeStream(r -> r.streamName("log-cam")).streamInfo().version();
        String retention = kvs.updateDataRetention(r -> r.streamName("log-cam").currentVersion(version)
                .operation(UpdateDataRetentionOperation.INCREASE_DATA_RETENTION).dataRetentionChangeInHours(6))
                .responseMetadata().requestId();
        kvs.tagStream(r -> r.streamName("log-cam").tags(java.util.Map.of("site", "warehouse")));
        kvs.deleteStream(r -> r.streamARN(created.streamARN()));

        List<LogCapture.Line> lines = log.lines().stream().filter(l -> l.message().startsWith("stream ")).toList();
        assertThat(lines).extracting(LogCapture.Line::message)
                .containsExactly("stream created", "stream updated", "stream updated", "stream deleted");
        assertThat(lines).allSatisfy(l -> {
            assertThat(l.get("stream")).isEqualTo("log-cam");
            assertThat(l.get("arn")).isEqualTo(created.streamARN());
            assertThat(l.get("requestId")).matches("[0-9a-f-]{36}");
            assertThat(l.get("client")).isEqualTo("127.0.0.1");
        });
        assertThat(lines.get(0).get("requestId")).isEqualTo(created.responseMetadata().requestId());
        assertThat(lines.get(0).get("retentionHours")).isEqualTo("24");
        assertThat(lines.get(1).get("requestId")).isEqualTo(retention);
        assertThat(lines.get(1).get("change")).isEqualTo("retention");
        assertThat(lines.get(1).get("retentionHours")).isEqualTo("30");
        assertThat(lines.get(2).get("change")).isEqualTo("tags");
        // A read changes nothing, and is not logged.
        assertThat(log.lines()).noneMatch(l -> l.whole().contains("describe"));
    }

    @Test
    void everyEdgeStateChangeSaysStreamHubBothStatesAndWhyWithoutACameraPassword() throws Exception {
        String hub = EdgeFixtures.hub("log-hub");
        String arn = kvs.createStream(r -> r.streamName("edge-cam").dataRetentionInHours(24)).streamARN();
        TestAgent agent = TestAgent.mint(server, hub);
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("edge-cam").edgeConfig(EdgeFixtures.weekdayRecording(hub)));
        agent.waitForChanges(0, 0);
        agent.acknowledge(arn, EdgeFixtures.weekdayRecordingJson(hub), "RECEIVED", null);
        agent.acknowledge(arn, EdgeFixtures.weekdayRecordingJson(hub), "APPLIED", null);
        kvs.startEdgeConfigurationUpdate(r -> r.streamName("edge-cam").edgeConfig(EdgeFixtures.weekdayRecording(hub)));
        agent.acknowledge(arn, EdgeFixtures.weekdayRecordingJson(hub), "FAILED",
                "could not open rtsp://admin:hunter2@10.0.0.5:554/stream1: 401 Unauthorized");
        kvs.deleteEdgeConfiguration(r -> r.streamName("edge-cam"));
        agent.confirmDeletion(arn, "DELETED", null);
        server.http("test", "test").call("/admin/deleteAgentCredentials",
                "{\"AccessKeyId\":\"" + agent.accessKeyId + "\"}");

        List<LogCapture.Line> changes = log.lines("edge configuration state changed");
        assertThat(changes).extracting(l -> l.get("from") + " -> " + l.get("to")).containsExactly(
                "none -> SYNCING", "SYNCING -> ACKNOWLEDGED", "ACKNOWLEDGED -> IN_SYNC", "IN_SYNC -> SYNCING",
                "SYNCING -> SYNC_FAILED", "SYNC_FAILED -> DELETING", "DELETING -> removed");
        assertThat(changes).allSatisfy(l -> {
            assertThat(l.get("stream")).isEqualTo("edge-cam");
            assertThat(l.get("hub")).isEqualTo(hub);
        });
        assertThat(changes).extracting(l -> l.get("reason")).containsExactly("StartEdgeConfigurationUpdate",
                "the edge agent received it", "the edge agent applied it", "StartEdgeConfigurationUpdate",
                "the edge agent could not apply it: could not open rtsp://***@10.0.0.5:554/stream1: 401 Unauthorized",
                "DeleteEdgeConfiguration", "the edge agent deleted it");
        assertThat(changes.get(4).level()).isEqualTo("WARN");
        assertThat(log.lines("agent credentials created")).singleElement().satisfies(l -> {
            assertThat(l.get("accessKeyId")).isEqualTo(agent.accessKeyId);
            assertThat(l.get("hub")).isEqualTo(hub);
        });
        assertThat(log.lines("agent credentials revoked")).singleElement()
                .satisfies(l -> assertThat(l.get("accessKeyId")).isEqualTo(agent.accessKeyId));
        assertThat(log.lines("edge agent connected")).singleElement()
                .satisfies(l -> assertThat(l.get("hub")).isEqualTo(hub));
        assertThat(log.lines()).noneMatch(l -> l.whole().contains("hunter2") || l.whole().contains(agent.secret));
    }

    @Test
    void anAgentPollingWithoutPauseIsLoggedOnlyWhenItFirstConnects() throws Exception {
        String hub = EdgeFixtures.hub("steady-hub");
        TestAgent agent = TestAgent.mint(server, hub);

        for (int i = 0; i < 3; i++) {
            agent.waitForChanges(0, 0);
        }

        assertThat(log.lines("edge agent connected")).singleElement().satisfies(l -> {
            assertThat(l.get("hub")).isEqualTo(hub);
            assertThat(l.get("firstSinceServerStart")).isEqualTo("true");
            assertThat(l.get("requestId")).isNotBlank();
        });
    }

    @Test
    void secretsAreLoggedByNameAndVersionNeverByValue() {
        String value = "{\"MediaURI\":\"rtsp://admin:s3cr3t-pw@10.0.0.9/live\"}";
        String newValue = "{\"MediaURI\":\"rtsp://admin:n3w-pw@10.0.0.9/live\"}";
        String arn = secrets.createSecret(r -> r.name("log-camera").secretString(value)).arn();
        String version = secrets.putSecretValue(r -> r.secretId("log-camera").secretString(newValue)).versionId();
        secrets.deleteSecret(r -> r.secretId("log-camera").recoveryWindowInDays(7L));
        secrets.restoreSecret(r -> r.secretId("log-camera"));
        secrets.deleteSecret(r -> r.secretId("log-camera").forceDeleteWithoutRecovery(true));

        List<LogCapture.Line> lines = log.lines().stream().filter(l -> l.message().startsWith("secret ")).toList();
        assertThat(lines).extracting(LogCapture.Line::message).containsExactly("secret created", "secret value changed",
                "secret deleted", "secret restored", "secret deleted");
        assertThat(lines).allSatisfy(l -> assertThat(l.get("arn")).isEqualTo(arn));
        assertThat(lines.get(1).get("versionId")).isEqualTo(version);
        assertThat(lines.get(2).get("recoverable")).isEqualTo("true");
        assertThat(lines.get(4).get("recoverable")).isEqualTo("false");
        assertThat(log.lines()).noneMatch(l -> l.whole().contains("s3cr3t") || l.whole().contains("n3w-pw"));
    }

    @Test
    void aPutMediaUploadIsOneLineWhenItStartsAndOneWhenItEnds() throws Exception {
        kvs.createStream(r -> r.streamName("upload-cam").dataRetentionInHours(24));
        byte[] mkv = TestMkv.stream(0, 1000, 2000);

        V1PutMedia.Result result = V1PutMedia.upload(server.endpoint(), "upload-cam", Instant.now(),
                new ByteArrayInputStream(mkv), Duration.ofSeconds(30));

        assertThat(result.ofType("PERSISTED")).hasSize(3);
        LogCapture.Line started = log.lines("upload started").getFirst();
        assertThat(started.get("stream")).isEqualTo("upload-cam");
        assertThat(started.get("accessKeyId")).isEqualTo("test");
        LogCapture.Line ended = awaitLine("upload ended");
        assertThat(ended.get("fragments")).isEqualTo("3");
        assertThat(ended.get("bytes")).isEqualTo(Integer.toString(mkv.length));
        assertThat(ended.get("errors")).isEqualTo("0");
        assertThat(Long.parseLong(ended.get("durationMs"))).isBetween(0L, 30_000L);
        assertThat(ended.get("requestId")).isEqualTo(started.get("requestId"));
    }

    @Test
    void anIdleServerLogsNothing() throws Exception {
        try (TestServer idle = TestServer.start()) {
            idle.client().listStreams(r -> {});
            log.clear();

            Thread.sleep(3500); // the deadline, purge and retention sweeps run every second meanwhile

            assertThat(log.lines()).isEmpty();
        }
    }

    private static LogCapture.Line awaitLine(String message) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (log.lines(message).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return log.lines(message).getFirst();
    }
}
