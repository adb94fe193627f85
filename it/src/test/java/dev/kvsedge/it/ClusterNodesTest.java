package dev.kvsedge.it;

import static dev.kvsedge.it.EdgeFixtures.hub;
import static dev.kvsedge.it.EdgeFixtures.weekdayRecording;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.store.EmbeddedPostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;
import software.amazon.awssdk.services.kinesisvideomedia.KinesisVideoMediaClient;
import software.amazon.awssdk.services.kinesisvideomedia.model.GetMediaResponse;
import software.amazon.awssdk.services.kinesisvideomedia.model.StartSelectorType;

/**
 * Two nodes on one PostgreSQL database and one shared data dir (the media folder both use), as a cluster behind a load
 * balancer would be: what one node changes reaches the other's waiting clients within a second, one stream has one
 * upload in the whole cluster, and a node with another media store, or a second server on one SQLite file, is refused.
 */
class ClusterNodesTest {
    static final Duration AT_ONCE = Duration.ofSeconds(1);
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    static String database;
    static Path shared;
    static TestServer one;
    static TestServer two;

    @BeforeAll
    static void start() throws Exception {
        database = EmbeddedPostgresCluster.newDatabaseUrl();
        shared = TestServer.newDataDir();
        ServerConfig config = ServerConfig.defaults().withDatabase(database);
        one = TestServer.start(config, Clock.systemUTC(), shared);
        two = TestServer.start(config, Clock.systemUTC(), shared);
    }

    @AfterAll
    static void stop() {
        one.close();
        two.close();
    }

    @Test
    void anAgentsLongPollOnOneNodeIsAnsweredWithinASecondOfAChangeOnTheOther() throws Exception {
        String hub = hub("long-poll-hub");
        one.client().createStream(r -> r.streamName("long-poll").dataRetentionInHours(24));
        SignedHttp onTwo = two.http("test", "test");
        long since = sequence(onTwo, hub, 0);

        CompletableFuture<Long> poll = CompletableFuture.supplyAsync(() -> sequenceUnchecked(onTwo, hub, 20));
        Thread.sleep(300); // the poll is waiting on node two
        one.client().startEdgeConfigurationUpdate(r -> r.streamName("long-poll").edgeConfig(weekdayRecording(hub)));
        long changed = System.nanoTime();

        assertThat(poll.get(AT_ONCE.toMillis(), TimeUnit.MILLISECONDS)).isGreaterThan(since);
        assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(AT_ONCE);
    }

    @Test
    void aLongPollOnANodeWhoseDatabaseLinkWasCutStillWakesOnceTheLinkIsBack() throws Exception {
        String hub = hub("cut-link-hub");
        one.client().createStream(r -> r.streamName("cut-link").dataRetentionInHours(24));
        SignedHttp onTwo = two.http("test", "test");
        long since = sequence(onTwo, hub, 0);
        CompletableFuture<Long> poll = CompletableFuture.supplyAsync(() -> sequenceUnchecked(onTwo, hub, 20));
        Thread.sleep(300);

        cutEveryClusterLink(); // both nodes' LISTEN connections end: the notice below may reach nobody
        one.client().startEdgeConfigurationUpdate(r -> r.streamName("cut-link").edgeConfig(weekdayRecording(hub)));

        assertThat(poll.get(5, TimeUnit.SECONDS)).as("answered after the link came back, not at its 20 s timeout")
                .isGreaterThan(since);
    }

    @Test
    void aStreamUpdatedTaggedAndDeletedOnOneNodeIsDescribedSoByTheOtherWithinASecond() {
        one.client().createStream(r -> r.streamName("described").dataRetentionInHours(24));
        String v1 = two.client().describeStream(r -> r.streamName("described")).streamInfo().version(); // cached on two

        one.client().updateStream(r -> r.streamName("described").currentVersion(v1).deviceName("porch"));
        assertThat(seenOnTwoWithinASecond(() -> two.client().describeStream(r -> r.streamName("described")).streamInfo()
                .deviceName())).isEqualTo("porch");
        String v2 = two.client().describeStream(r -> r.streamName("described")).streamInfo().version();
        assertThat(v2).isNotEqualTo(v1);
        two.client().updateStream(r -> r.streamName("described").currentVersion(v2).deviceName("gate"));
        assertThat(one.client().describeStream(r -> r.streamName("described")).streamInfo().deviceName())
                .as("the node that changed it answers the change at once").isEqualTo("gate");

        one.client().tagStream(r -> r.streamName("described").tags(java.util.Map.of("site", "north")));
        assertThat(seenOnTwoWithinASecond(() -> two.client().listTagsForStream(r -> r.streamName("described")).tags()
                .get("site"))).isEqualTo("north");

        one.client().deleteStream(r -> r.streamARN(one.client().describeStream(d -> d.streamName("described"))
                .streamInfo().streamARN()));
        assertThat(seenOnTwoWithinASecond(() -> {
            try {
                return two.client().describeStream(r -> r.streamName("described")).streamInfo().status().toString();
            } catch (software.amazon.awssdk.services.kinesisvideo.model.ResourceNotFoundException e) {
                return "gone";
            }
        })).isEqualTo("gone");
    }

    /** What {@code read} answers once it changed from its first answer, or its last answer after a second. */
    private static <T> T seenOnTwoWithinASecond(java.util.function.Supplier<T> read) {
        long start = System.nanoTime();
        T first = read.get();
        T last = first;
        while (java.util.Objects.equals(last, first) && System.nanoTime() - start < AT_ONCE.toNanos()) {
            last = read.get();
        }
        return last;
    }

    @Test
    void anAgentKeyRevokedOnOneNodeIsRefusedByTheOtherWithinASecond() throws Exception {
        String hub = hub("revoked-hub");
        JsonNode keys = one.http("test", "test").call("/admin/createAgentCredentials",
                "{\"HubDeviceArn\":\"" + hub + "\"}");
        String id = keys.path("AccessKeyId").asText();
        SignedHttp agentOnTwo = two.http(id, keys.path("SecretAccessKey").asText());
        String list = "{\"HubDeviceArn\":\"" + hub + "\"}";
        assertThat(agentOnTwo.send("POST", "/listEdgeAgentConfigurations", list).statusCode())
                .as("the new key works on the other node (and is cached there)").isEqualTo(200);

        one.http("test", "test").call("/admin/deleteAgentCredentials", "{\"AccessKeyId\":\"" + id + "\"}");
        long revoked = System.nanoTime();
        int status;
        do {
            status = agentOnTwo.send("POST", "/listEdgeAgentConfigurations", list).statusCode();
        } while (status == 200 && System.nanoTime() - revoked < AT_ONCE.toNanos());

        assertThat(status).as("the revoked key on the other node, within a second").isEqualTo(403);
    }

    @Test
    void aLiveReaderOnOneNodeGetsEveryFragmentUploadedThroughTheOtherInOrder() throws Exception {
        one.client().createStream(r -> r.streamName("tailed").dataRetentionInHours(24));
        int fragments = 8;
        try (KinesisVideoMediaClient media = two.media();
                KinesisVideoArchivedMediaClient archived = one.archivedMedia()) {
            ResponseInputStream<GetMediaResponse> in = media.getMedia(r -> r.streamName("tailed")
                    .startSelector(s -> s.startSelectorType(StartSelectorType.NOW)));
            List<KvsParser.Parsed> read = Collections.synchronizedList(new ArrayList<>());
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    KvsParser.read(in, fragments, read);
                } catch (Exception e) {
                    // aborted below
                }
            });
            try {
                List<byte[]> parts = new ArrayList<>(List.of(TestMkv.header()));
                for (int i = 0; i < fragments; i++) {
                    parts.add(TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i));
                }
                RawPutMedia.upload(one.endpoint(), RawPutMedia.absolute("tailed"),
                        TestMkv.concat(parts.toArray(byte[][]::new)),
                        fragments);
                reader.join(Duration.ofSeconds(3));
            } finally {
                in.abort();
                reader.join(Duration.ofSeconds(3));
            }
            List<String> stored = archived.listFragments(r -> r.streamName("tailed")).fragments().stream()
                    .sorted(java.util.Comparator.comparing(Fragment::producerTimestamp)).map(Fragment::fragmentNumber)
                    .toList();
            assertThat(stored).hasSize(fragments);
            synchronized (read) {
                assertThat(read).extracting(KvsParser.Parsed::number).containsExactlyElementsOf(stored);
            }
        }
    }

    @Test
    void aNewUploadOnTheOtherNodeEndsTheFirstAtOnceAndOnlyItsFragmentsAreStored() throws Exception {
        one.client().createStream(r -> r.streamName("handed-over").dataRetentionInHours(24));
        try (RawPutMedia first = RawPutMedia.open(one.endpoint(), RawPutMedia.absolute("handed-over"))) {
            first.send(TestMkv.concat(TestMkv.header(), TestMkv.cluster(T0.toEpochMilli(), 0)));
            first.awaitAck("PERSISTED", T0.toEpochMilli(), Duration.ofSeconds(10));

            try (RawPutMedia second = RawPutMedia.open(two.endpoint(), RawPutMedia.absolute("handed-over"))) {
                second.send(TestMkv.concat(TestMkv.header(), TestMkv.cluster(T0.toEpochMilli() + 1000, 1)));
                second.awaitAck("PERSISTED", T0.toEpochMilli() + 1000, Duration.ofSeconds(10));
                assertThat(first.awaitEnd(AT_ONCE)).as("the first upload, on the other node, ended").isTrue();
                first.trySend(TestMkv.cluster(T0.toEpochMilli() + 2000, 2)); // too late: its upload is over
                second.send(TestMkv.cluster(T0.toEpochMilli() + 3000, 3)).finish();
                second.awaitAck("PERSISTED", T0.toEpochMilli() + 3000, Duration.ofSeconds(10));
            }
        }
        try (KinesisVideoArchivedMediaClient archived = two.archivedMedia()) {
            List<Instant> stored = archived.listFragments(r -> r.streamName("handed-over")).fragments().stream()
                    .map(Fragment::producerTimestamp).sorted().toList();
            assertThat(stored).containsExactly(T0, T0.plusSeconds(1), T0.plusSeconds(3));
        }
    }

    @Test
    void aNodeWithAMediaStoreOfItsOwnRefusesToStartNamingTheClustersStore() {
        ServerConfig config = ServerConfig.defaults().withDatabase(database);
        Path own = TestServer.newDataDir();

        assertThatThrownBy(() -> TestServer.start(config, Clock.systemUTC(), own))
                .rootCause().isInstanceOf(StartupException.class)
                .hasMessageContaining("--data-dir " + own)
                .hasMessageContaining(
                        "is not this database's cluster's: its media is in " + shared.resolve("media").toUri());
    }

    @Test
    void aSecondServerOnOneSqliteDatabaseIsRefused() {
        Path dir = TestServer.newDataDir();
        try (TestServer first = TestServer.start(Clock.systemUTC(), dir)) {
            assertThatThrownBy(() -> TestServer.start(Clock.systemUTC(), dir))
                    .rootCause().isInstanceOf(StartupException.class)
                    .hasMessageContaining("--data-dir " + dir)
                    .hasMessageContaining(
                            "in use by another kvs-edge server (process " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("SQLite serves one node");
        }
        TestServer.start(Clock.systemUTC(), dir).close(); // once the first closed, it starts again
    }

    /** The hub's change sequence as node two answers a long-poll that waits {@code waitSeconds}. */
    private static long sequence(SignedHttp http, String hub, int waitSeconds) throws Exception {
        return http
                .call("/edgeAgent/waitForChanges", "{\"HubDeviceArn\":\"" + hub + "\",\"Since\":" + Long.MAX_VALUE / 2
                        + ",\"WaitSeconds\":" + waitSeconds + "}")
                .path("Sequence").asLong();
    }

    private static long sequenceUnchecked(SignedHttp http, String hub, int waitSeconds) {
        try {
            long since = sequence(http, hub, 0);
            return http.call("/edgeAgent/waitForChanges", "{\"HubDeviceArn\":\"" + hub + "\",\"Since\":" + since
                    + ",\"WaitSeconds\":" + waitSeconds + "}").path("Sequence").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void cutEveryClusterLink() throws Exception {
        try (Connection c = DriverManager.getConnection(database); Statement s = c.createStatement()) {
            s.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name LIKE 'kvs-edge-link %'").close();
        }
    }
}
