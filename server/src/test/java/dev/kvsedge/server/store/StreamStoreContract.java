package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.model.StartupException;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamKey;
import dev.kvsedge.server.streams.StreamStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link StreamStore} must do, whatever its database, with or without the {@link CachedStreamStore}. */
abstract class StreamStoreContract extends DatabaseTestSupport {

    static final Scope SCOPE = new Scope("123456789012", "us-west-2");
    static final Instant CREATED = Instant.ofEpochMilli(1_717_171_717_123L);

    protected StreamStore store;

    @BeforeEach
    void openStore() {
        store = newStore(db);
    }

    /** The store under test, over the test's database. */
    protected StreamStore newStore(Database database) {
        return new JdbcStreamStore(database);
    }

    static StreamKey key(String name) {
        return new StreamKey(SCOPE, name);
    }

    static Stream stream(StreamKey key) {
        return new Stream(key, "arn:aws:kinesisvideo:" + key.scope().region() + ":" + key.scope().accountId()
                + ":stream/" + key.name() + "/" + CREATED.toEpochMilli(), null, null, null, "v1", CREATED, 0,
                new TreeMap<>());
    }

    static Stream stream(String name) {
        return stream(key(name));
    }

    static Stream full(String name) {
        return new Stream(key(name), "arn:aws:kinesisvideo:us-west-2:123456789012:stream/" + name + "/1717171717123",
                "camera-1", "video/h264", "arn:aws:kms:us-west-2:123456789012:key/abc", "6ZGCAyhYwLkFMNDRTLz0",
                Instant.ofEpochMilli(1_717_171_717_999L), 48,
                new TreeMap<>(Map.of("env", "prod", "owner", "ops", "z", "")));
    }

    static Stream withRetention(Stream s, int hours) {
        return new Stream(s.key(), s.arn(), s.deviceName(), s.mediaType(), s.kmsKeyId(), s.version(),
                s.creationTime(), hours, s.tags());
    }

    static List<String> names(List<Stream> streams) {
        return streams.stream().map(s -> s.key().name()).toList();
    }

    int tagRows() {
        return db.withConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM stream_tags")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    static int schemaVersionRows(Database database) {
        return database.withConnection(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_version")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }

    // --- create and find

    @Test
    void createThenFindReturnsEveryField() {
        Stream full = full("cam.front_door-1");
        Stream bare = stream("bare");

        assertThat(store.create(full)).isTrue();
        assertThat(store.create(bare)).isTrue();

        assertThat(store.find(full.key())).contains(full);
        assertThat(store.find(bare.key())).contains(bare);
        Stream found = store.find(full.key()).orElseThrow();
        assertThat(found.creationTime()).isEqualTo(Instant.parse("2024-05-31T16:08:37.999Z"));
        assertThat(found.tags()).containsExactly(Map.entry("env", "prod"), Map.entry("owner", "ops"),
                Map.entry("z", ""));
        assertThat(found.deviceName()).isEqualTo("camera-1");
        assertThat(store.find(bare.key()).orElseThrow().deviceName()).isNull();
    }

    @Test
    void creationTimeKeepsMillisecondsAcrossTheRange() {
        List<Instant> times = List.of(Instant.ofEpochMilli(1), Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.ofEpochMilli(4_102_444_800_001L), Instant.ofEpochMilli(-1));
        for (int i = 0; i < times.size(); i++) {
            Stream s = stream("t" + i);
            Stream timed = new Stream(s.key(), s.arn(), null, null, null, "v", times.get(i), 1, new TreeMap<>());
            assertThat(store.create(timed)).isTrue();
            assertThat(store.find(s.key()).orElseThrow().creationTime()).isEqualTo(times.get(i));
        }
    }

    @Test
    void findOfAMissingStreamIsEmpty() {
        assertThat(store.find(key("nothing"))).isEmpty();
    }

    @Test
    void duplicateCreateIsRefusedAndChangesNothing() {
        Stream first = full("dup");
        assertThat(store.create(first)).isTrue();

        Stream second = new Stream(first.key(), "arn:other", null, null, null, "v9", Instant.ofEpochMilli(5), 7,
                new TreeMap<>(Map.of("other", "tag")));
        assertThat(store.create(second)).isFalse();

        assertThat(store.find(first.key())).contains(first);
        assertThat(tagRows()).isEqualTo(first.tags().size());
    }

    @Test
    void sameNameInAnotherAccountOrRegionIsIndependent() {
        StreamKey here = key("shared");
        StreamKey otherAccount = new StreamKey(new Scope("210987654321", SCOPE.region()), "shared");
        StreamKey otherRegion = new StreamKey(new Scope(SCOPE.accountId(), "eu-west-1"), "shared");

        assertThat(store.create(withRetention(stream(here), 1))).isTrue();
        assertThat(store.create(withRetention(stream(otherAccount), 2))).isTrue();
        assertThat(store.create(withRetention(stream(otherRegion), 3))).isTrue();

        assertThat(store.find(here).orElseThrow().dataRetentionInHours()).isEqualTo(1);
        assertThat(store.find(otherAccount).orElseThrow().dataRetentionInHours()).isEqualTo(2);
        assertThat(store.find(otherRegion).orElseThrow().dataRetentionInHours()).isEqualTo(3);
        assertThat(names(store.list(otherRegion.scope(), null, null, 10))).containsExactly("shared");

        store.update(otherAccount, s -> withRetention(s, 20));
        assertThat(store.delete(otherRegion, s -> {})).isTrue();
        assertThat(store.find(here).orElseThrow().dataRetentionInHours()).isEqualTo(1);
        assertThat(store.find(otherAccount).orElseThrow().dataRetentionInHours()).isEqualTo(20);
        assertThat(store.find(otherRegion)).isEmpty();
    }

    // --- list

    @Test
    void listOrdersByNameWithinTheScopeWithTags() {
        for (String name : List.of("b", "a-1", "C", "a", "a.1", "a_1", "_x", "A")) {
            store.create(stream(name).withTags(Map.of("n", name)));
        }
        store.create(stream(new StreamKey(new Scope("999999999999", SCOPE.region()), "a0")));

        List<Stream> all = store.list(SCOPE, null, null, 100);

        // Code point order: '-' < '.' < digits < upper case < '_' < lower case.
        assertThat(names(all)).containsExactly("A", "C", "_x", "a", "a-1", "a.1", "a_1", "b");
        assertThat(all).allSatisfy(s -> assertThat(s.tags()).containsExactly(Map.entry("n", s.key().name())));
        assertThat(store.list(new Scope("000000000000", SCOPE.region()), null, null, 100)).isEmpty();
    }

    @Test
    void listPrefixTreatsEveryCharacterLiterally() {
        for (String name : List.of("a", "ab", "a_b", "axb", "a%c", "abc", "a.b", "a.bc", "a-b", "aXb", "b", "a\\b")) {
            store.create(stream(name));
        }

        assertThat(names(store.list(SCOPE, "a_", null, 100))).containsExactly("a_b");
        assertThat(names(store.list(SCOPE, "a%", null, 100))).containsExactly("a%c");
        assertThat(names(store.list(SCOPE, "a.", null, 100))).containsExactly("a.b", "a.bc");
        assertThat(names(store.list(SCOPE, "a\\", null, 100))).containsExactly("a\\b");
        assertThat(names(store.list(SCOPE, "a.b", null, 100))).containsExactly("a.b", "a.bc");
        assertThat(names(store.list(SCOPE, "a.bc", null, 100))).containsExactly("a.bc");
        assertThat(names(store.list(SCOPE, "ab", null, 100))).containsExactly("ab", "abc");
        assertThat(names(store.list(SCOPE, "a", null, 100)))
                .containsExactly("a", "a%c", "a-b", "a.b", "a.bc", "aXb", "a\\b", "a_b", "ab", "abc", "axb");
        assertThat(names(store.list(SCOPE, "A", null, 100))).isEmpty();
        assertThat(names(store.list(SCOPE, "zz", null, 100))).isEmpty();
        assertThat(names(store.list(SCOPE, "", null, 100))).hasSize(12);
    }

    @Test
    void listPrefixWorksAtTheEndOfTheCodeRange() {
        for (String name : List.of("x\uFFFF", "x\uFFFFy", "x\uD83D\uDE00", "y")) {
            store.create(stream(name));
        }
        assertThat(names(store.list(SCOPE, "x\uFFFF", null, 100))).containsExactly("x\uFFFF", "x\uFFFFy");
        assertThat(names(store.list(SCOPE, "x", null, 100))).hasSize(3);
        assertThat(JdbcStreamStore.prefixEnd("ab")).isEqualTo("ac");
        assertThat(JdbcStreamStore.prefixEnd("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(JdbcStreamStore.prefixEnd("a" + Character.toString(Character.MAX_CODE_POINT))).isEqualTo("b");
        assertThat(JdbcStreamStore.prefixEnd(Character.toString(Character.MAX_CODE_POINT))).isNull();
    }

    @Test
    void listPagesWithStartAfterAndLimit() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String name = String.format("cam-%02d", i);
            expected.add(name);
            store.create(stream(name).withTags(Map.of("i", Integer.toString(i), "k", "v")));
        }
        store.create(stream("door"));

        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            List<Stream> page = store.list(SCOPE, "cam-", after, 10);
            assertThat(page).hasSizeLessThanOrEqualTo(10);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(s -> assertThat(s.tags()).hasSize(2));
            seen.addAll(names(page));
            after = page.get(page.size() - 1).key().name();
        }
        assertThat(seen).isEqualTo(expected);

        assertThat(names(store.list(SCOPE, null, "cam-23", 10))).containsExactly("cam-24", "door");
        assertThat(names(store.list(SCOPE, null, "cam-05x", 2))).containsExactly("cam-06", "cam-07");
        assertThat(names(store.list(SCOPE, null, "a", 1))).containsExactly("cam-00");
        assertThat(names(store.list(SCOPE, "cam-", "zzz", 10))).isEmpty();
        assertThat(store.list(SCOPE, null, null, 0)).isEmpty();
        assertThatThrownBy(() -> store.list(SCOPE, null, null, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    // --- update

    @Test
    void updateAppliesTheChangeAndPersistsIt() {
        Stream original = full("upd");
        store.create(original);
        AtomicReference<Stream> seen = new AtomicReference<>();

        Optional<Stream> updated = store.update(original.key(), current -> {
            seen.set(current);
            TreeMap<String, String> tags = new TreeMap<>(current.tags());
            tags.remove("owner");
            tags.put("env", "dev");
            tags.put("new", "tag");
            return new Stream(current.key(), current.arn(), "camera-2", null, current.kmsKeyId(), "v2",
                    current.creationTime(), 72, tags);
        });

        assertThat(seen.get()).isEqualTo(original);
        Stream expected = new Stream(original.key(), original.arn(), "camera-2", null, original.kmsKeyId(), "v2",
                original.creationTime(), 72, new TreeMap<>(Map.of("env", "dev", "new", "tag", "z", "")));
        assertThat(updated).contains(expected);
        assertThat(store.find(original.key())).contains(expected);
        assertThat(tagRows()).isEqualTo(3);
    }

    @Test
    void updateWhoseChangeThrowsWritesNothingAndRethrowsTheSameException() {
        Stream original = full("upd");
        store.create(original);
        IllegalStateException refusal = new IllegalStateException("version mismatch");

        assertThatThrownBy(() -> store.update(original.key(), current -> {
            // the change may have been half-built when it gave up
            throw refusal;
        })).isSameAs(refusal);

        class Custom extends RuntimeException {
            Custom() {
                super("custom", null, false, false);
            }
        }
        Custom custom = new Custom();
        assertThatThrownBy(() -> store.update(original.key(), current -> {
            store.find(original.key()); // reading meanwhile is fine
            throw custom;
        })).isSameAs(custom);

        assertThat(store.find(original.key())).contains(original);
        // the database is still usable for writes
        assertThat(store.update(original.key(), s -> withRetention(s, 1))).isPresent();
    }

    @Test
    void updateOfAMissingStreamIsEmptyAndDoesNotCallTheChange() {
        AtomicBoolean called = new AtomicBoolean();
        assertThat(store.update(key("missing"), s -> {
            called.set(true);
            return s;
        })).isEmpty();
        assertThat(called).isFalse();
        assertThat(store.find(key("missing"))).isEmpty();
    }

    @Test
    void updateMayNotRenameTheStream() {
        Stream original = stream("keep");
        store.create(original);
        assertThatThrownBy(() -> store.update(original.key(), s -> stream("other")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(store.find(original.key())).contains(original);
        assertThat(store.find(key("other"))).isEmpty();
    }

    @Test
    void concurrentUpdatesLoseNothing() throws Exception {
        incrementConcurrently(List.of(store), 8, 50);
    }

    /** Like two server processes on one database: they share no pool nor lock in memory. */
    @Test
    void concurrentUpdatesThroughTwoDatabasesLoseNothing() throws Exception {
        incrementConcurrently(List.of(store, newStore(open(url))), 8, 25);
    }

    /** {@code threads} threads, spread over {@code stores}, each increment a counter {@code increments} times. */
    private void incrementConcurrently(List<StreamStore> stores, int threads, int increments) throws Exception {
        Stream original = stream("counter").withTags(Map.of("count", "0"));
        store.create(original);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                StreamStore mine = stores.get(t % stores.size());
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < increments; i++) {
                        mine.update(original.key(), s -> {
                            Map<String, String> tags = new TreeMap<>(s.tags());
                            tags.merge("count", "1", (a, b) -> Integer.toString(Integer.parseInt(a) + 1));
                            return withRetention(s, s.dataRetentionInHours() + 1).withTags(tags);
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Stream last = store.find(original.key()).orElseThrow();
        assertThat(last.dataRetentionInHours()).isEqualTo(threads * increments);
        assertThat(last.tags()).containsExactly(Map.entry("count", Integer.toString(threads * increments)));
    }

    // --- delete

    @Test
    void deleteWhenTheCheckAcceptsRemovesTheStreamAndItsTags() {
        Stream original = full("gone");
        Stream other = full("stays");
        store.create(original);
        store.create(other);
        AtomicReference<Stream> seen = new AtomicReference<>();

        assertThat(store.delete(original.key(), seen::set)).isTrue();

        assertThat(seen.get()).isEqualTo(original);
        assertThat(store.find(original.key())).isEmpty();
        assertThat(tagRows()).isEqualTo(other.tags().size());
        assertThat(store.find(other.key())).contains(other);
        // created again under the same name, it starts without the old tags
        assertThat(store.create(stream("gone"))).isTrue();
        assertThat(store.find(original.key()).orElseThrow().tags()).isEmpty();
    }

    @Test
    void deleteWhenTheCheckThrowsKeepsTheStreamAndRethrows() {
        Stream original = full("kept");
        store.create(original);
        IllegalArgumentException refusal = new IllegalArgumentException("wrong version");

        assertThatThrownBy(() -> store.delete(original.key(), s -> {
            throw refusal;
        })).isSameAs(refusal);

        assertThat(store.find(original.key())).contains(original);
        assertThat(tagRows()).isEqualTo(original.tags().size());
    }

    @Test
    void deleteOfAMissingStreamIsFalseAndDoesNotCallTheCheck() {
        AtomicBoolean called = new AtomicBoolean();
        assertThat(store.delete(key("missing"), s -> called.set(true))).isFalse();
        assertThat(called).isFalse();
    }

    // --- database: migrations and durability

    @Test
    void migrationsRunOnceWhenTheSameDatabaseIsOpenedAgain() {
        int migrations = Migrations.load().size();
        assertThat(db.schemaVersion()).isEqualTo(migrations);
        assertThat(schemaVersionRows(db)).isEqualTo(migrations);
        store.create(full("before"));

        Database second = open(url); // while the first is still open
        assertThat(second.schemaVersion()).isEqualTo(migrations);
        assertThat(schemaVersionRows(second)).isEqualTo(migrations);
        assertThat(new JdbcStreamStore(second).find(key("before"))).contains(full("before"));
        second.close();

        db.close();
        Database third = open(url);
        assertThat(schemaVersionRows(third)).isEqualTo(migrations);
    }

    @Test
    void concurrentOpensOfANewDatabaseMigrateItOnce() throws Exception {
        String fresh = newDatabaseUrl();
        int openers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Database>> opening = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                opening.add(pool.submit(() -> {
                    start.await();
                    return open(fresh);
                }));
            }
            start.countDown();
            List<Database> all = new ArrayList<>();
            for (Future<Database> f : opening) {
                all.add(f.get(60, TimeUnit.SECONDS));
            }
            for (Database each : all) {
                assertThat(schemaVersionRows(each)).isEqualTo(Migrations.load().size());
                assertThat(new JdbcStreamStore(each).list(SCOPE, null, null, 1)).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDatabaseMigratedByANewerServerIsRefused() {
        db.inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO schema_version (version, name, applied_at_ms) VALUES (?, ?, ?)")) {
                s.setInt(1, 999);
                s.setString(2, "V999__future");
                s.setLong(3, 0);
                return s.executeUpdate();
            }
        });
        db.close();
        assertThatThrownBy(() -> open(url)).isInstanceOf(StartupException.class)
                .hasMessageContaining(
                        "schema is at version 999 (V999__future), newer than this version of kvs-edge knows");
    }

    @Test
    void dataSurvivesCloseAndReopen() {
        Stream kept = full("durable");
        store.create(kept);
        store.create(stream("removed"));
        store.update(kept.key(), s -> withRetention(s, 99));
        store.delete(key("removed"), s -> {});
        db.close();

        Database reopened = open(url);
        JdbcStreamStore again = new JdbcStreamStore(reopened);
        assertThat(again.find(kept.key())).contains(withRetention(kept, 99));
        assertThat(names(again.list(SCOPE, null, null, 10))).containsExactly("durable");
    }

    @Test
    void transactionRollsBackWhenTheWorkThrows() {
        RuntimeException boom = new RuntimeException("boom");
        assertThatThrownBy(() -> db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM schema_version");
            }
            throw boom;
        })).isSameAs(boom);
        assertThat(schemaVersionRows(db)).isEqualTo(Migrations.load().size());

        assertThatThrownBy(() -> db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM schema_version");
                return s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
            }
        })).isInstanceOf(StoreException.class);
        assertThat(schemaVersionRows(db)).isEqualTo(Migrations.load().size());
    }
}
