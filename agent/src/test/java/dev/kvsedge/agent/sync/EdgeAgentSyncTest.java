package dev.kvsedge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.agent.AgentConfig;
import dev.kvsedge.agent.EdgeAgent;
import dev.kvsedge.agent.config.HeldConfig;
import dev.kvsedge.agent.config.SavedConfigs;
import dev.kvsedge.agent.config.StreamDirectories;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.status.SyncHealth;
import dev.kvsedge.agent.time.ManualTime;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against a real server in this JVM: the sync protocol as a user sees it through DescribeEdgeConfiguration. */
class EdgeAgentSyncTest {
    private static final String CAMERA = "rtsp://admin:s3cret-pass@10.0.0.5:554/stream1";

    @TempDir
    Path tmp;
    private Path serverDir;
    private Path agentDir;
    private int port;
    private TestKvs kvs;
    private String hub;
    private String[] keys;
    private JdbcSegmentIndex index;
    private EdgeAgent agent;

    @BeforeEach
    void startServer() throws Exception {
        serverDir = tmp.resolve("server");
        agentDir = tmp.resolve("agent");
        port = TestKvs.freePort();
        kvs = TestKvs.start(serverDir, port);
        hub = TestKvs.hub("warehouse-hub");
        keys = kvs.agentCredentials(hub);
        index = JdbcSegmentIndex.open(agentDir);
    }

    @AfterEach
    void stopAll() {
        if (agent != null) {
            agent.close();
        }
        index.close();
        if (kvs != null) {
            kvs.close();
        }
    }

    private String configure(String stream) throws Exception {
        kvs.createStream(stream);
        String secret = kvs.createSecret(stream + "-camera", "{\"MediaURI\":\"" + CAMERA + "\"}");
        kvs.startEdgeConfiguration(stream,
                "{\"HubDeviceArn\":\"" + hub + "\",\"RecorderConfig\":{\"MediaSourceConfig\":"
                        + "{\"MediaUriSecretArn\":\"" + secret + "\",\"MediaUriType\":\"RTSP_URI\"}}}");
        return secret;
    }

    private EdgeAgent startAgent(FakeRecorders recorders, java.util.function.UnaryOperator<MediaUriResolver> resolver)
            throws Exception {
        return startAgent(recorders, resolver, URI.create("http://127.0.0.1:" + port), keys[1], Duration.ofSeconds(20));
    }

    private EdgeAgent startAgent(FakeRecorders recorders, java.util.function.UnaryOperator<MediaUriResolver> resolver,
            URI server, String secretKey, Duration pollWait) throws Exception {
        AgentConfig config = AgentConfig.of(server, hub, agentDir, TestKvs.REGION, keys[0], secretKey)
                .withZone(ZoneOffset.UTC).withStatusPort(0)
                .withTimings(Duration.ofMillis(50), pollWait, Duration.ofSeconds(5), Duration.ZERO);
        return EdgeAgent.builder(config).segmentIndex(index).recorders(recorders).mediaUriResolver(resolver).start();
    }

    private String syncStatus(String stream) throws Exception {
        return kvs.describeEdgeConfiguration(stream).path("SyncStatus").asText();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    private BooleanSupplier statusIs(String stream, String status) {
        return () -> {
            try {
                return syncStatus(stream).equals(status);
            } catch (Exception e) {
                return false;
            }
        };
    }

    @Test
    void aConfigurationGoesSyncingAcknowledgedInSyncAndItsRecorderRuns() throws Exception {
        configure("front-door");
        assertThat(syncStatus("front-door")).isEqualTo("SYNCING");
        CountDownLatch applying = new CountDownLatch(1);
        CountDownLatch mayApply = new CountDownLatch(1);
        FakeRecorders recorders = new FakeRecorders(Clock.systemUTC());
        agent = startAgent(recorders, real -> (arn, type) -> {
            applying.countDown();
            assertThat(mayApply.await(20, TimeUnit.SECONDS)).isTrue();
            return real.resolve(arn, type);
        });

        // RECEIVED goes before the agent applies the configuration: held at the secret, it is ACKNOWLEDGED.
        assertThat(applying.await(20, TimeUnit.SECONDS)).isTrue();
        await("ACKNOWLEDGED", statusIs("front-door", "ACKNOWLEDGED"));
        mayApply.countDown();
        await("IN_SYNC", statusIs("front-door", "IN_SYNC"));

        await("the recorder runs", () -> recorders.running() == 1);
        RecordingPlan plan = recorders.started.getFirst();
        assertThat(plan.mediaUri()).isEqualTo(URI.create(CAMERA));
        assertThat(plan.mediaUriType()).isEqualTo("RTSP_URI");
        assertThat(plan.directory()).isEqualTo(new StreamDirectories(agentDir).of(plan.streamArn()));

        // The configurations are on disk, owner-only (they hold the camera URI), and the status reaches Describe.
        Path saved = agentDir.resolve(SavedConfigs.FILE_NAME);
        assertThat(SavedConfigs.open(agentDir).load()).singleElement()
                .satisfies(h -> assertThat(h.applied()).isEqualTo(HeldConfig.Applied.APPLIED));
        assertThat(Files.getPosixFilePermissions(saved)).hasSize(2);
        await("the recorder status is reported", () -> {
            try {
                JsonNode status = kvs.describeEdgeConfiguration("front-door").path("EdgeAgentStatus");
                return status.path("LastRecorderStatus").path("RecorderStatus").asText().equals("SUCCESS")
                        && status.path("LastUploaderStatus").path("UploaderStatus").asText().equals("SUCCESS");
            } catch (Exception e) {
                return false;
            }
        });
        JsonNode recorderStatus = kvs.describeEdgeConfiguration("front-door").path("EdgeAgentStatus")
                .path("LastRecorderStatus");
        assertThat(recorderStatus.path("JobStatusDetails").asText()).isEqualTo("Recording (fake)");
        assertThat(recorderStatus.toString()).doesNotContain("s3cret-pass");
    }

    @Test
    void aSecretThatIsNoCameraUriFailsTheSyncWithTheReason() throws Exception {
        kvs.createStream("garage");
        String secret = kvs.createSecret("garage-camera", "{\"Uri\":\"rtsp://10.0.0.6/live\"}");
        kvs.startEdgeConfiguration("garage",
                "{\"HubDeviceArn\":\"" + hub + "\",\"RecorderConfig\":{\"MediaSourceConfig\":"
                        + "{\"MediaUriSecretArn\":\"" + secret + "\",\"MediaUriType\":\"RTSP_URI\"}}}");
        FakeRecorders recorders = new FakeRecorders(Clock.systemUTC());
        agent = startAgent(recorders, r -> r);

        await("SYNC_FAILED", statusIs("garage", "SYNC_FAILED"));
        assertThat(kvs.describeEdgeConfiguration("garage").path("FailedStatusDetails").asText())
                .isEqualTo("The camera secret's JSON has no MediaURI string.");
        assertThat(recorders.started).isEmpty();
    }

    @Test
    void afterARestartWithTheServerDownItRecordsFromTheSavedConfigurationAndCatchesUpLater() throws Exception {
        configure("front-door");
        FakeRecorders first = new FakeRecorders(Clock.systemUTC());
        agent = startAgent(first, r -> r);
        await("IN_SYNC", statusIs("front-door", "IN_SYNC"));
        agent.close();
        agent = null;
        assertThat(first.running()).isZero();

        kvs.close();
        kvs = null;
        FakeRecorders second = new FakeRecorders(Clock.systemUTC());
        agent = startAgent(second, r -> r);
        await("the recorder runs without the server", () -> second.running() == 1);
        assertThat(second.started.getFirst().mediaUri()).isEqualTo(URI.create(CAMERA));
        await("a failed sync is seen", () -> agent.syncHealth().consecutiveFailures() > 0);
        assertThat(agent.syncHealth().serverReachable()).isFalse();
        String health = get(agent, "/health");
        assertThat(health).contains("\"Status\":\"DEGRADED\"", "\"ServerReachable\":false",
                "Cannot reach the server at http://127.0.0.1:" + port + ": connection refused");

        kvs = TestKvs.start(serverDir, port);
        await("the agent reaches the server again", () -> agent.syncHealth().serverReachable());
        assertThat(syncStatus("front-door")).isEqualTo("IN_SYNC");
        assertThat(second.started).hasSize(1); // the same configuration: the recorder was not restarted
    }

    @Test
    void aDeletionStopsTheJobsWipesTheLocalMediaAndTheConfigurationDisappears() throws Exception {
        configure("front-door");
        FakeRecorders recorders = new FakeRecorders(Clock.systemUTC());
        agent = startAgent(recorders, r -> r);
        await("IN_SYNC", statusIs("front-door", "IN_SYNC"));
        await("the recorder runs", () -> recorders.running() == 1);
        String streamArn = recorders.started.getFirst().streamArn();
        Path dir = recorders.started.getFirst().directory();
        Files.createDirectories(dir);
        Path segment = Files.write(dir.resolve("1700000000000.mkv"), new byte[1000]);
        Files.write(dir.resolve("1700000010000.mkv.part"), new byte[10]);
        Instant start = Instant.now().minusSeconds(60);
        index.add(streamArn, segment, start, start.plusSeconds(10), 1000);

        kvs.deleteEdgeConfiguration("front-door");

        await("the configuration is gone", () -> {
            try {
                kvs.describeEdgeConfiguration("front-door");
                return false;
            } catch (ApiCallException e) {
                return e.code().equals("StreamEdgeConfigurationNotFoundException");
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(recorders.running()).isZero();
        assertThat(dir).doesNotExist();
        assertThat(index.all(streamArn)).isEmpty();
        await("the agent forgot it", () -> agent.reconciler().held().isEmpty());
        assertThat(SavedConfigs.open(agentDir).load()).isEmpty();
        assertThatThrownBy(() -> kvs.describeEdgeConfiguration("front-door")).isInstanceOf(ApiCallException.class);
    }

    @Test
    void aRotatedCameraSecretReachesTheRecorderWithinTheRefreshPeriod() throws Exception {
        String secret = configure("front-door");
        ManualTime clock = new ManualTime(Instant.now());
        FakeRecorders recorders = new FakeRecorders(clock);
        AgentConfig config = AgentConfig
                .of(URI.create("http://127.0.0.1:" + port), hub, agentDir, TestKvs.REGION, keys[0], keys[1])
                .withZone(ZoneOffset.UTC)
                .withTimings(Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ZERO);
        agent = EdgeAgent.builder(config).segmentIndex(index).recorders(recorders).clock(clock).ticker(clock).start();
        await("IN_SYNC", statusIs("front-door", "IN_SYNC"));
        await("the recorder runs", () -> recorders.running() == 1);

        String rotated = "rtsp://admin:n3w-pass@10.0.0.5:554/stream1";
        kvs.putSecretValue(secret, "{\"MediaURI\":\"" + rotated + "\"}");
        Thread.sleep(2500); // sync rounds go by: before the refresh period nothing is read again
        assertThat(recorders.started).hasSize(1);

        clock.advance(Reconciler.SECRET_REFRESH);
        await("the recorder restarts with the rotated URI", () -> recorders.started.size() == 2);
        assertThat(recorders.started.getLast().mediaUri()).isEqualTo(URI.create(rotated));
        assertThat(recorders.running()).isEqualTo(1);
        assertThat(syncStatus("front-door")).isEqualTo("IN_SYNC");
        assertThat(SavedConfigs.open(agentDir).load()).singleElement()
                .satisfies(h -> assertThat(h.mediaUri()).isEqualTo(rotated)); // a restart without the server uses it too
    }

    private static String get(EdgeAgent agent, String path) throws Exception {
        var address = agent.statusAddress().orElseThrow();
        var client = java.net.http.HttpClient.newHttpClient();
        return client.send(
                java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void revokedCredentialsShowAsRejectedWithTheReasonAndAWrongSecretToo() throws Exception {
        kvs.revokeAgentCredentials(keys[0]);
        agent = startAgent(new FakeRecorders(Clock.systemUTC()), r -> r);
        await("the refusal is seen", () -> agent.syncHealth().state() == SyncHealth.State.CREDENTIALS_REJECTED);
        String health = get(agent, "/health");
        assertThat(health).contains("\"Status\":\"CREDENTIALS_REJECTED\"",
                "refused the agent's credentials (key " + keys[0] + ")",
                "UnrecognizedClientException", "revoked, unknown to this server", "kvs-edge agent-credentials create");
        assertThat(health).doesNotContain(keys[1]);
        agent.close();

        keys = kvs.agentCredentials(hub);
        agent = startAgent(new FakeRecorders(Clock.systemUTC()), r -> r, URI.create("http://127.0.0.1:" + port),
                keys[1].substring(1) + "x", Duration.ofSeconds(20));
        await("the refusal is seen", () -> agent.syncHealth().state() == SyncHealth.State.CREDENTIALS_REJECTED);
        assertThat(get(agent, "/health")).contains("\"Status\":\"CREDENTIALS_REJECTED\"", "InvalidSignatureException",
                "its secret key is wrong");
    }

    @Test
    void aStalledServerShowsAsUnreachableWithinThePollTimeout() throws Exception {
        try (java.net.ServerSocket stalled = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread.ofVirtual().start(() -> { // accepts, reads nothing, answers nothing
                while (!stalled.isClosed()) {
                    try {
                        held.add(stalled.accept());
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            URI server = URI.create("http://127.0.0.1:" + stalled.getLocalPort());
            long started = System.nanoTime();
            agent = startAgent(new FakeRecorders(Clock.systemUTC()), r -> r, server, keys[1], Duration.ofSeconds(2));
            await("the stall is seen", () -> agent.syncHealth().state() == SyncHealth.State.UNREACHABLE);
            // The first round lists at once (a 0 s wait): its answer is due within the 5 s grace.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(9));
            assertThat(get(agent, "/health")).contains("\"Status\":\"DEGRADED\"",
                    "Cannot reach the server at " + server + ": no answer in time");
            agent.close();
            agent = null;
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aCameraRefusingItsPasswordHasItsSecretReadAgainSoAFixedPasswordTakesEffectInSeconds() throws Exception {
        org.assertj.core.api.Assumptions.assumeThat(dev.kvsedge.media.testing.TestVideo.available()).isTrue();
        try (dev.kvsedge.camera.SimulatedCamera camera = dev.kvsedge.camera.SimulatedCamera.start(
                dev.kvsedge.camera.CameraOptions.anyPort().withSize(320, 240).withCredentials("admin", "right-pass"))) {
            String wrong = camera.urlWithCredentials().replace("right-pass", "wrong-pass");
            kvs.createStream("gate");
            String secret = kvs.createSecret("gate-camera", "{\"MediaURI\":\"" + wrong + "\"}");
            kvs.startEdgeConfiguration("gate",
                    "{\"HubDeviceArn\":\"" + hub + "\",\"RecorderConfig\":{\"MediaSourceConfig\":"
                            + "{\"MediaUriSecretArn\":\"" + secret + "\",\"MediaUriType\":\"RTSP_URI\"}}}");
            AgentConfig config = AgentConfig
                    .of(URI.create("http://127.0.0.1:" + port), hub, agentDir, TestKvs.REGION, keys[0], keys[1])
                    .withZone(ZoneOffset.UTC)
                    .withTimings(Duration.ofMillis(50), Duration.ofSeconds(20), Duration.ofMillis(200), Duration.ZERO);
            agent = EdgeAgent.builder(config).segmentIndex(index)
                    .recorders(new FfmpegRecorderLauncher(index, Clock.systemUTC())).start();
            await("the camera refuses the password", () -> recorderStatus("gate").contains("401"));

            kvs.putSecretValue(secret, "{\"MediaURI\":\"" + camera.urlWithCredentials() + "\"}");
            long fixed = System.nanoTime();
            await("the camera is recorded", () -> recorderStatus("gate").startsWith("SUCCESS Recording rtsp://***@"));
            assertThat(Duration.ofNanos(System.nanoTime() - fixed)).as("not the 5-minute refresh")
                    .isLessThan(Duration.ofSeconds(20));
        }
    }

    private String recorderStatus(String stream) {
        try {
            JsonNode status = kvs.describeEdgeConfiguration(stream).path("EdgeAgentStatus").path("LastRecorderStatus");
            return status.path("RecorderStatus").asText() + " " + status.path("JobStatusDetails").asText();
        } catch (Exception e) {
            return "";
        }
    }
}
