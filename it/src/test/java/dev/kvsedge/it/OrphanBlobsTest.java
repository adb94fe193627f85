package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.MediaConfig;
import dev.kvsedge.server.ServerConfig;
import dev.kvsedge.server.blob.BlobStore;
import dev.kvsedge.server.blob.FileBlobStore;
import dev.kvsedge.server.blob.S3BlobStore;
import dev.kvsedge.server.blob.S3Config;
import dev.kvsedge.server.blob.S3Location;
import dev.kvsedge.server.blob.S3ProxyServer;
import dev.kvsedge.server.cluster.MediaStoreClaim;
import dev.kvsedge.server.testing.MutableClock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * Crash leftovers: a blob whose index row never committed (a SIGKILL between the two) is deleted once it is older than
 * the grace period, also when its stream was deleted since, on the file store and in S3; a younger one is kept. And a
 * start-up with media to expire listens first and sweeps after.
 */
class OrphanBlobsTest {
    static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    static final Duration GRACE = Duration.ofHours(1);

    static ServerConfig config(S3ProxyServer s3) {
        ServerConfig config = ServerConfig.defaults().withMedia(MediaConfig.DEFAULTS.withOrphanGrace(GRACE));
        return s3 == null ? config : config.withMedia(config.media().withS3(bucket(s3)));
    }

    static S3Config bucket(S3ProxyServer s3) {
        return S3Config.forEndpoint(S3Location.parse("s3://media/kvs"), s3.endpoint(), S3ProxyServer.REGION,
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);
    }

    static void upload(TestServer server, String stream, int fragments) {
        List<byte[]> parts = new ArrayList<>(List.of(TestMkv.header()));
        for (int i = 0; i < fragments; i++) {
            parts.add(TestMkv.cluster(T0.toEpochMilli() + i * 1000L, i));
        }
        RawPutMedia.upload(server.endpoint(), RawPutMedia.absolute(stream),
                TestMkv.concat(parts.toArray(byte[][]::new)), fragments);
    }

    /** Removes index rows with the server stopped: what a SIGKILL before their commit leaves, a blob without a row. */
    static void forgetRows(Path dataDir, List<String> numbers) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kvs-edge.db"));
                PreparedStatement delete = c.prepareStatement("DELETE FROM fragments WHERE fragment_number = ?")) {
            for (String number : numbers) {
                delete.setLong(1, Long.parseLong(number));
                assertThat(delete.executeUpdate()).isEqualTo(1);
            }
        }
    }

    /** The keys of the store's media blobs (the cluster's mark, which the sweeps spare, is not media). */
    static List<String> keys(BlobStore store) throws Exception {
        List<String> keys = new ArrayList<>();
        store.forEach(b -> keys.add(b.key()));
        assertThat(keys).contains(MediaStoreClaim.MARK_KEY);
        keys.remove(MediaStoreClaim.MARK_KEY);
        return keys;
    }

    static List<String> numbers(KinesisVideoArchivedMediaClient media, String stream) {
        List<Fragment> fragments = new ArrayList<>(media.listFragments(r -> r.streamName(stream)).fragments());
        fragments.sort(Comparator.comparing(Fragment::producerTimestamp));
        return fragments.stream().map(Fragment::fragmentNumber).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void aBlobWithoutARowIsDeletedAfterTheGracePeriodAlsoOnceItsStreamIsGone(String kind) throws Exception {
        Path dataDir = TestServer.newDataDir();
        try (S3ProxyServer s3 = kind.equals("s3") ? new S3ProxyServer("media") : null;
                BlobStore store = s3 == null
                        ? new FileBlobStore(dataDir.resolve("media"))
                        : S3BlobStore.connect(bucket(s3), dataDir.resolve("test-spool"))) {
            MutableClock clock = MutableClock.startingNow();
            List<String> kept;
            List<String> orphaned = new ArrayList<>();
            try (TestServer server = TestServer.start(config(s3), clock, dataDir);
                    KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                server.client().createStream(r -> r.streamName("kept").dataRetentionInHours(24));
                server.client().createStream(r -> r.streamName("gone").dataRetentionInHours(24));
                upload(server, "kept", 2);
                upload(server, "gone", 1);
                kept = numbers(media, "kept");
                orphaned.add(kept.get(1));
                orphaned.addAll(numbers(media, "gone"));
            }
            assertThat(keys(store)).hasSize(3);
            forgetRows(dataDir, orphaned);

            try (TestServer server = TestServer.start(config(s3), clock, dataDir);
                    KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                assertThat(server.server.sweepOrphans()).as("younger than the grace period").isZero();
                assertThat(keys(store)).hasSize(3);
                server.client().deleteStream(r -> r.streamARN(server.client().describeStream(d -> d.streamName("gone"))
                        .streamInfo().streamARN()));

                clock.advance(GRACE.plusMinutes(1));
                assertThat(server.server.sweepOrphans()).isEqualTo(2);
                assertThat(keys(store)).as("the blob of the one fragment indexed").hasSize(1);
                assertThat(media.getMediaForFragmentListAsBytes(r -> r.streamName("kept").fragments(kept.getFirst()))
                        .asByteArray()).isNotEmpty();
                assertThat(server.server.sweepOrphans()).isZero();
            }
        }
    }

    /**
     * With the bucket's deletes held, a server whose media all expired while it was down still starts: it listens
     * first and sweeps in the background, where the held deletes wait.
     */
    @Test
    void aStartUpWithExpiredMediaListensBeforeItSweeps() throws Exception {
        Path dataDir = TestServer.newDataDir();
        try (S3ProxyServer s3 = new S3ProxyServer("media")) {
            MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofHours(48)));
            try (TestServer server = TestServer.start(config(s3), clock, dataDir)) {
                server.client().createStream(r -> r.streamName("expiring").dataRetentionInHours(24));
                upload(server, "expiring", 3);
            }
            s3.holdDeletes();
            try {
                clock.advance(Duration.ofHours(48));
                CompletableFuture<TestServer> starting = CompletableFuture
                        .supplyAsync(() -> TestServer.start(config(s3), clock, dataDir));
                try (TestServer server = starting.get(30, TimeUnit.SECONDS);
                        KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                    assertThat(server.client().listStreams().streamInfoList()).hasSize(1);
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (s3.deletesHeld() == 0 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(s3.deletesHeld()).as("the start-up sweep, running behind the server").isPositive();
                    s3.releaseDeletes();
                    deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (!media.listFragments(r -> r.streamName("expiring")).fragments().isEmpty()
                            && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertThat(media.listFragments(r -> r.streamName("expiring")).fragments())
                            .as("swept once S3 answered").isEmpty();
                }
            } finally {
                s3.releaseDeletes();
            }
        }
    }
}
