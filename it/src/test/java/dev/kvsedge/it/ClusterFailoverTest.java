package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.blob.S3ProxyServer;
import dev.kvsedge.server.store.EmbeddedPostgresCluster;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.EdgeConfig;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The cluster as users run it: three server processes on one PostgreSQL and one S3-compatible bucket (S3Proxy), behind
 * HAProxy; two real agents record three simulated RTSP cameras and upload through the balancer, and a GetMedia reader
 * tails one stream through it, resuming from its continuation token when its connection breaks. The node that holds
 * an upload is killed with SIGKILL. The agents reconnect through the balancer and go on; afterwards every stream
 * holds each recorded second once, with no gap where the node died, numbered in recording order; every configuration
 * is IN_SYNC; and the reader saw every fragment of its stream, in order.
 */
class ClusterFailoverTest {
    private static final Pattern RTSP = Pattern.compile("rtsp://\\S+");
    private static final String BUCKET = "media";
    private static final List<String> STREAMS = List.of("porch", "garage", "gate");

    @TempDir
    Path dir;

    @Test
    void killingTheNodeThatTakesAnUploadLosesNoFragmentAndStoresNoneTwice() throws Exception {
        String database = EmbeddedPostgresCluster.newDatabaseUrl();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<NodeProcess> nodes = new ArrayList<>();
        List<AgentProcess> agents = new ArrayList<>();
        Process cameras = null;
        try (S3ProxyServer s3 = new S3ProxyServer(BUCKET)) {
            URI balancer = URI.create("http://127.0.0.1:" + freePort());
            Map<String, String> environment = Map.of("KVS_EDGE_MASTER_KEY", Base64.getEncoder().encodeToString(key),
                    "KVS_EDGE_S3_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "KVS_EDGE_S3_SECRET_ACCESS_KEY",
                    S3ProxyServer.SECRET_KEY);
            List<CompletableFuture<NodeProcess>> starting = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                starting.add(NodeProcess.start(dir.resolve("node" + i), environment, "--database", database,
                        "--media-store", "s3://" + BUCKET + "/cluster", "--s3-endpoint", s3.endpoint().toString(),
                        "--public-url", balancer.toString()));
            }
            for (CompletableFuture<NodeProcess> node : starting) {
                nodes.add(node.get(120, TimeUnit.SECONDS));
            }
            try (Haproxy haproxy = Haproxy.start(dir, balancer.getPort(), nodes.stream().map(n -> n.url).toList());
                    KinesisVideoClient kvs = client(KinesisVideoClient.builder(), balancer);
                    SecretsManagerClient secrets = client(SecretsManagerClient.builder(), balancer);
                    KinesisVideoArchivedMediaClient archive = client(KinesisVideoArchivedMediaClient.builder(),
                            balancer);
                    KinesisVideoMediaClient media = client(KinesisVideoMediaClient.builder(), balancer)) {
                cameras = startCameras();
                List<String> urls = cameraUrls(cameras);
                String hubA = EdgeFixtures.hub("cluster-hub-a");
                String hubB = EdgeFixtures.hub("cluster-hub-b");
                for (int i = 0; i < STREAMS.size(); i++) {
                    record(kvs, secrets, STREAMS.get(i), urls.get(i), i < 2 ? hubA : hubB);
                }
                TailingReader reader = TailingReader.start(media, STREAMS.getFirst());
                agents.add(agent(balancer, hubA));
                agents.add(agent(balancer, hubB));
                for (String stream : STREAMS) {
                    RecordedFragments.await(archive, stream, 6, Duration.ofSeconds(120));
                }

                NodeProcess victim = uploadingNode(database, nodes, STREAMS.getFirst());
                List<Fragment> beforeKill = RecordedFragments.of(archive, STREAMS.getFirst());
                int before = beforeKill.size();
                victim.kill();
                Instant killed = Instant.now();
                assertThat(beforeKill.getLast().serverTimestamp())
                        .as("the stream was being uploaded when its node died")
                        .isAfter(killed.minusSeconds(10));

                // The agents go on through the other nodes: more recorded after the kill, in every stream.
                RecordedFragments.await(archive, STREAMS.getFirst(), before + 12, Duration.ofSeconds(120));
                for (String stream : STREAMS) {
                    RecordedFragments.awaitRecordedAfter(archive, stream, killed.plusSeconds(5),
                            Duration.ofSeconds(90));
                }
                List<String> tailed = reader.stop();

                for (String stream : STREAMS) {
                    List<Fragment> stored = RecordedFragments.of(archive, stream);
                    RecordedFragments.assertWholeAndUnique(stored, Duration.ofMillis(1500));
                    assertThat(stored).as("%s: numbers follow recording time", stream)
                            .isSortedAccordingTo(
                                    Comparator.comparing(f -> new java.math.BigInteger(f.fragmentNumber())));
                    assertThat(kvs.describeEdgeConfiguration(r -> r.streamName(stream)).syncStatusAsString())
                            .as("%s's configuration", stream).isEqualTo("IN_SYNC");
                }
                List<String> stored = RecordedFragments.of(archive, STREAMS.getFirst()).stream()
                        .map(Fragment::fragmentNumber)
                        .toList();
                assertThat(tailed).as("what the tailing reader saw (it reconnected %d times)", reader.reconnects())
                        .isNotEmpty().containsExactlyElementsOf(stored.subList(stored.indexOf(tailed.getFirst()),
                                stored.indexOf(tailed.getFirst()) + tailed.size()));
                assertThat(stored.indexOf(tailed.getLast())).as("the reader followed past the kill")
                        .isGreaterThanOrEqualTo(before);
                System.out.printf("cluster failover: killed %s while it took %s's upload; the reader read %d fragments"
                        + " and reconnected %d times; stored %s%n", victim.node, STREAMS.getFirst(), tailed.size(),
                        reader.reconnects(),
                        STREAMS.stream().map(st -> st + "=" + RecordedFragments.of(archive, st).size()).toList());
            }
        } finally {
            for (AgentProcess agent : agents) {
                agent.close();
            }
            if (cameras != null) {
                cameras.destroy();
                cameras.waitFor(10, TimeUnit.SECONDS);
            }
            for (NodeProcess node : nodes) {
                node.close();
            }
        }
    }

    /** A stream whose configuration records the camera continuously and uploads every 5 seconds. */
    private static void record(KinesisVideoClient kvs, SecretsManagerClient secrets, String stream, String camera,
            String hub) {
        kvs.createStream(r -> r.streamName(stream).dataRetentionInHours(24));
        String secret = secrets
                .createSecret(r -> r.name(stream + "-camera").secretString("{\"MediaURI\":\"" + camera + "\"}"))
                .arn();
        kvs.startEdgeConfigurationUpdate(r -> r.streamName(stream).edgeConfig(EdgeConfig.builder().hubDeviceArn(hub)
                .recorderConfig(
                        c -> c.mediaSourceConfig(m -> m.mediaUriSecretArn(secret).mediaUriType(MediaUriType.RTSP_URI)))
                .uploaderConfig(u -> u.scheduleConfig(s -> s.scheduleExpression("0/5 * * * * ?").durationInSeconds(60)))
                .build()));
    }

    private AgentProcess agent(URI balancer, String hub) throws Exception {
        TestAgent keys = TestAgent.mint(balancer, hub);
        return AgentProcess.start(balancer, hub, keys.accessKeyId, keys.secret, dir.resolve("agent-" + hub.hashCode()));
    }

    /** The node that took the stream's latest upload, as the stream's row in the database says. */
    private static NodeProcess uploadingNode(String database, List<NodeProcess> nodes, String stream) throws Exception {
        try (Connection c = DriverManager.getConnection(database);
                PreparedStatement s = c.prepareStatement("SELECT upload_node FROM streams WHERE name = ?")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                String node = rs.getString(1);
                return nodes.stream().filter(n -> n.node.equals(node)).findFirst()
                        .orElseThrow(() -> new AssertionError(
                                "no node " + node + " among " + nodes.stream().map(n -> n.node).toList()));
            }
        }
    }

    /** Three simulated RTSP cameras in one process, small and slow to spare the machine. */
    private Process startCameras() throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "camera", "--port", "0", "--count", "3",
                "--size", "320x240", "--fps", "10", "--loop", "2").redirectErrorStream(true).start();
    }

    private static List<String> cameraUrls(Process cameras) throws Exception {
        BufferedReader out = new BufferedReader(
                new InputStreamReader(cameras.getInputStream(), StandardCharsets.UTF_8));
        List<String> urls = new ArrayList<>();
        for (String line; urls.size() < 3 && (line = out.readLine()) != null;) {
            Matcher m = RTSP.matcher(line);
            if (m.find()) {
                urls.add(m.group());
            }
        }
        assertThat(urls).as("the cameras' URLs").hasSize(3);
        Thread.ofVirtual().start(() -> out.lines().forEach(line -> {}));
        return urls;
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            return free.getLocalPort();
        }
    }

    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder,
            URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
