package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.streams.CachedStreamStore;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamKey;
import dev.kvsedge.server.streams.StreamStore;
import dev.kvsedge.server.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes' caches of stream descriptions over one database, their notice boards relayed to each other as PostgreSQL
 * NOTIFY does: a change through either node is seen by the other at once, though the clock stands still (no entry
 * ages out), and what a cache cannot hear about is not trusted.
 */
class StreamCacheAcrossNodesTest extends DatabaseTestSupport {
    private static final StreamKey KEY = new StreamKey(new Scope("123456789012", "us-west-2"), "front-door");

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final Notices boardOne = new Notices(NodeId.random());
    private final Notices boardTwo = new Notices(NodeId.random());
    private JdbcStreamStore rows;
    private CachedStreamStore one;
    private CachedStreamStore two;

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("kvs-edge.db");
    }

    @BeforeEach
    void twoNodes() {
        boardOne.relayThrough(boardTwo::received);
        boardTwo.relayThrough(boardOne::received);
        rows = new JdbcStreamStore(db);
        one = new CachedStreamStore(rows, boardOne, clock);
        two = new CachedStreamStore(rows, boardTwo, clock);
        rows.create(new Stream(KEY, "arn:aws:kinesisvideo:us-west-2:123456789012:stream/front-door/1", null, null, null,
                "v1", Instant.parse("2026-12-01T00:00:00Z"), 24, new TreeMap<>()));
    }

    @Test
    void anUpdateATagAndADeletionThroughOneNodeAreSeenByTheOtherAtOnce() {
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v1"); // now kept by node two

        one.update(KEY, s -> version(s, "v2"));
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v2");

        one.update(KEY, s -> s.withTags(Map.of("site", "north")));
        assertThat(two.find(KEY).orElseThrow().tags()).containsEntry("site", "north");

        assertThat(one.find(KEY)).isPresent();
        two.delete(KEY, s -> {});
        assertThat(one.find(KEY)).isEmpty();
        assertThat(two.find(KEY)).isEmpty();
    }

    @Test
    void aStreamCreatedOnOneNodeIsFoundOnTheOtherThatLookedForItBefore() {
        StreamKey other = new StreamKey(KEY.scope(), "back-door");
        assertThat(two.find(other)).isEmpty();

        one.create(new Stream(other, "arn:aws:kinesisvideo:us-west-2:123456789012:stream/back-door/1", null, null, null,
                "v1", Instant.parse("2026-12-01T00:00:00Z"), 0, new TreeMap<>()));

        assertThat(two.find(other)).isPresent();
    }

    @Test
    void aChangeNoNoticeToldOfIsSeenOnceTheEntryIsASecondOld() {
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v1");
        rows.update(KEY, s -> version(s, "v2")); // as a node of an older version would: no notice

        assertThat(two.find(KEY).orElseThrow().version()).as("kept for up to a second").isEqualTo("v1");
        clock.advance(Duration.ofMillis(1_001));
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v2");
    }

    @Test
    void whileANodeCannotHearTheOthersItReadsTheDatabaseAndAfterwardsForgetsWhatItKept() {
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v1");
        boardTwo.linkLost();
        rows.update(KEY, s -> version(s, "v2")); // a change whose notice node two cannot hear
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v2");
        rows.update(KEY, s -> version(s, "v3"));
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v3");

        boardTwo.linkRestored();
        assertThat(two.find(KEY).orElseThrow().version()).isEqualTo("v3");
    }

    @Test
    void aReadThatRacedWithAChangeIsNotKept() throws Exception {
        CountDownLatch readDone = new CountDownLatch(1);
        CountDownLatch changed = new CountDownLatch(1);
        CachedStreamStore slow = new CachedStreamStore(new StreamStore() {
            @Override
            public Optional<Stream> find(StreamKey key) {
                Optional<Stream> found = rows.find(key);
                readDone.countDown();
                await(changed); // the change commits after this read, before the cache keeps it
                return found;
            }

            @Override
            public Optional<Stream> update(StreamKey key, UnaryOperator<Stream> change) {
                return rows.update(key, change);
            }

            @Override
            public boolean create(Stream stream) {
                return rows.create(stream);
            }

            @Override
            public java.util.List<Stream> list(Scope scope, String namePrefix, String startAfter, int limit) {
                return rows.list(scope, namePrefix, startAfter, limit);
            }

            @Override
            public boolean delete(StreamKey key, Consumer<Stream> check) {
                return rows.delete(key, check);
            }
        }, boardTwo, clock);

        CompletableFuture<Optional<Stream>> racing = CompletableFuture.supplyAsync(() -> slow.find(KEY));
        assertThat(readDone.await(10, TimeUnit.SECONDS)).isTrue();
        one.update(KEY, s -> version(s, "v2"));
        changed.countDown();
        assertThat(racing.get(10, TimeUnit.SECONDS).orElseThrow().version()).isEqualTo("v1");

        changed.countDown();
        assertThat(slow.find(KEY).orElseThrow().version()).isEqualTo("v2");
    }

    private static Stream version(Stream s, String version) {
        return new Stream(s.key(), s.arn(), s.deviceName(), s.mediaType(), s.kmsKeyId(), version, s.creationTime(),
                s.dataRetentionInHours(), s.tags());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
