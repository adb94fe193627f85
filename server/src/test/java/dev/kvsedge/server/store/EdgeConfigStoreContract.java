package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import dev.kvsedge.model.edge.EdgeShapes.MediaSourceConfig;
import dev.kvsedge.model.edge.EdgeShapes.RecorderConfig;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import dev.kvsedge.model.edge.EdgeShapes.UploaderConfig;
import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.edge.AgentJobReport;
import dev.kvsedge.server.edge.EdgeConfigStore.EdgeWrite;
import dev.kvsedge.server.edge.EdgeConfigStore.HubCounter;
import dev.kvsedge.server.edge.EdgeConfiguration;
import dev.kvsedge.server.edge.SyncStatus;
import dev.kvsedge.server.streams.StreamKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcEdgeConfigStore} must do, whatever its database. */
abstract class EdgeConfigStoreContract extends DatabaseTestSupport {

    static final Scope SCOPE = new Scope("123456789012", "us-west-2");
    static final Scope OTHER_ACCOUNT = new Scope("210987654321", "us-west-2");
    static final Scope OTHER_REGION = new Scope("123456789012", "eu-west-1");
    static final String HUB = "arn:aws:iot:us-west-2:123456789012:thing/hub-1";
    static final String HUB2 = "arn:aws:iot:us-west-2:123456789012:thing/hub-2";
    static final Instant T1 = Instant.ofEpochMilli(1_717_171_717_123L);
    static final Instant T2 = Instant.ofEpochMilli(1_717_171_799_456L);

    protected JdbcEdgeConfigStore store;

    @BeforeEach
    void openStore() {
        store = new JdbcEdgeConfigStore(db);
    }

    /** Thrown by test changes to refuse. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static StreamKey key(String name) {
        return new StreamKey(SCOPE, name);
    }

    static String arn(StreamKey key) {
        return "arn:aws:kinesisvideo:" + key.scope().region() + ":" + key.scope().accountId() + ":stream/" + key.name()
                + "/1717171717123";
    }

    static EdgeConfig fullConfig(String hub) {
        return new EdgeConfig(hub,
                new RecorderConfig(
                        new MediaSourceConfig("arn:aws:secretsmanager:us-west-2:123456789012:secret:cam-AbCdEf",
                                "RTSP"),
                        new ScheduleConfig("0 0/5 * * * ?", 300)),
                new UploaderConfig(new ScheduleConfig("0 0 * * * ?", 60)),
                new DeletionConfig(720, new LocalSizeConfig(1024, "DELETE_OLDEST_MEDIA"), true));
    }

    /** A new configuration as Start creates it: SYNCING, no deadline, no reports. */
    static EdgeConfiguration configuration(StreamKey key, String hub) {
        return new EdgeConfiguration(key, arn(key), hub, fullConfig(hub), SyncStatus.SYNCING, null, T1, T1, null, false,
                null, null);
    }

    static EdgeConfiguration configuration(String name, String hub) {
        return configuration(key(name), hub);
    }

    static EdgeConfiguration withDeadline(EdgeConfiguration c, Instant deadline) {
        return c.withState(c.status(), c.failedStatusDetails(), c.lastUpdatedTime(), deadline);
    }

    static EdgeConfiguration full(String name) {
        return new EdgeConfiguration(key(name), arn(key(name)), HUB, fullConfig(HUB), SyncStatus.SYNC_FAILED,
                "The agent could not read the media URI secret.", T1, T2, Instant.ofEpochMilli(1_717_172_000_789L),
                true,
                new AgentJobReport("USER_ERROR", "RTSP 401 Unauthorized", Instant.ofEpochMilli(1_717_171_700_001L), T2),
                new AgentJobReport("SUCCESS", null, null, Instant.ofEpochMilli(1_717_171_790_002L)));
    }

    /** Writes {@code c} whatever is there. */
    EdgeWrite put(EdgeConfiguration c, boolean agentMustLook) {
        return store.update(c.stream(), (current, hubs) -> EdgeWrite.store(c, agentMustLook));
    }

    EdgeWrite remove(StreamKey key, boolean agentMustLook) {
        return store.update(key, (current, hubs) -> EdgeWrite.remove(agentMustLook));
    }

    static List<String> names(List<EdgeConfiguration> configurations) {
        return configurations.stream().map(c -> c.stream().name()).toList();
    }

    long rows() {
        return queryLong("SELECT COUNT(*) FROM edge_configurations");
    }

    // --- round trip

    @Test
    void aFullConfigurationReadsBackEqual() {
        EdgeConfiguration full = full("cam.front_door-1");

        EdgeWrite write = put(full, true);

        assertThat(write).isEqualTo(EdgeWrite.store(full, true));
        assertThat(store.find(full.stream())).contains(full);
        EdgeConfiguration found = store.find(full.stream()).orElseThrow();
        assertThat(found.config().recorderConfig().mediaSourceConfig().mediaUriType()).isEqualTo("RTSP");
        assertThat(found.config().recorderConfig().scheduleConfig().durationInSeconds()).isEqualTo(300);
        assertThat(found.config().uploaderConfig().scheduleConfig().scheduleExpression()).isEqualTo("0 0 * * * ?");
        assertThat(found.config().deletionConfig().localSizeConfig().maxLocalMediaSizeInMB()).isEqualTo(1024);
        assertThat(found.config().deletionConfig().deleteAfterUpload()).isTrue();
        assertThat(found.deadline()).isEqualTo(Instant.parse("2024-05-31T16:13:20.789Z"));
        assertThat(found.recorder().lastCollectedTime()).isEqualTo(Instant.ofEpochMilli(1_717_171_700_001L));
        assertThat(found.uploader().details()).isNull();
        assertThat(found.uploader().lastCollectedTime()).isNull();
        assertThat(found.delivered()).isTrue();
    }

    @Test
    void aBareConfigurationReadsBackEqual() {
        // no deadline, no reports, no details, and an EdgeConfig with only its hub
        EdgeConfiguration bare = new EdgeConfiguration(key("bare"), arn(key("bare")), HUB,
                new EdgeConfig(HUB, null, null, null), SyncStatus.IN_SYNC, null, T1, T1, null, false, null, null);
        EdgeConfiguration partial = new EdgeConfiguration(key("partial"), arn(key("partial")), HUB,
                new EdgeConfig(HUB, new RecorderConfig(new MediaSourceConfig("arn:s", "RTSP"), null), null,
                        new DeletionConfig(null, null, false)),
                SyncStatus.DELETING_ACKNOWLEDGED, "", T1, T2, null, true, null,
                new AgentJobReport("SYSTEM_ERROR", "disk", T1, T2));

        put(bare, false);
        put(partial, false);

        assertThat(store.find(bare.stream())).contains(bare);
        assertThat(store.find(partial.stream())).contains(partial);
        assertThat(store.find(partial.stream()).orElseThrow().failedStatusDetails()).isEmpty();
    }

    @Test
    void everySyncStatusReadsBack() {
        for (SyncStatus status : SyncStatus.values()) {
            EdgeConfiguration c = configuration(status.name(), HUB).withState(status, null, T2, T2);
            put(c, false);
            assertThat(store.find(c.stream())).contains(c);
        }
    }

    @Test
    void countByStatusCountsEveryScopeAndLeavesOutEmptyStates() {
        put(configuration("a", HUB), false);
        put(configuration("b", HUB2), false);
        put(configuration("c", HUB).withState(SyncStatus.IN_SYNC, null, T2, null), false);
        put(new EdgeConfiguration(new StreamKey(OTHER_REGION, "d"), arn(new StreamKey(OTHER_REGION, "d")), HUB,
                fullConfig(HUB), SyncStatus.IN_SYNC, null, T1, T1, null, false, null, null), false);

        assertThat(store.countByStatus()).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of(SyncStatus.SYNCING, 2, SyncStatus.IN_SYNC, 2));
        remove(key("a"), false);
        assertThat(store.countByStatus()).containsEntry(SyncStatus.SYNCING, 1);
    }

    @Test
    void timesAreStoredInWholeMilliseconds() {
        Instant fine = Instant.parse("2024-05-31T16:08:37.123456789Z");
        Instant millis = Instant.parse("2024-05-31T16:08:37.123Z");
        EdgeConfiguration c = new EdgeConfiguration(key("fine"), arn(key("fine")), HUB, fullConfig(HUB),
                SyncStatus.SYNCING, null, fine, fine, fine, false, new AgentJobReport("SUCCESS", null, fine, fine),
                null);
        EdgeConfiguration expected = new EdgeConfiguration(key("fine"), arn(key("fine")), HUB, fullConfig(HUB),
                SyncStatus.SYNCING, null, millis, millis, millis, false,
                new AgentJobReport("SUCCESS", null, millis, millis), null);

        EdgeWrite write = put(c, false);

        assertThat(write.after()).contains(expected);
        assertThat(store.find(c.stream())).contains(expected);
        List<Instant> times = List.of(Instant.ofEpochMilli(1), Instant.ofEpochMilli(-1),
                Instant.ofEpochMilli(4_102_444_800_001L));
        for (Instant t : times) {
            EdgeConfiguration timed = configuration("t", HUB).withState(SyncStatus.SYNCING, null, t, t);
            put(timed, false);
            assertThat(store.find(timed.stream())).contains(timed);
        }
    }

    @Test
    void findOfAMissingConfigurationIsEmpty() {
        assertThat(store.find(key("nothing"))).isEmpty();
    }

    // --- update

    @Test
    void updateCreatesChangesAndRemoves() {
        StreamKey key = key("cam");
        EdgeConfiguration created = configuration(key, HUB);
        AtomicReference<Optional<EdgeConfiguration>> seen = new AtomicReference<>();

        EdgeWrite first = store.update(key, (current, hubs) -> {
            seen.set(current);
            return EdgeWrite.store(created, true);
        });
        assertThat(seen.get()).isEmpty();
        assertThat(first).isEqualTo(EdgeWrite.store(created, true));
        assertThat(store.find(key)).contains(created);

        EdgeConfiguration changed = created.withState(SyncStatus.ACKNOWLEDGED, null, T2, T2.plusSeconds(60))
                .markDelivered()
                .withReports(new AgentJobReport("SUCCESS", null, T2, T2), null);
        EdgeWrite second = store.update(key, (current, hubs) -> {
            seen.set(current);
            return EdgeWrite
                    .store(current.orElseThrow().withState(SyncStatus.ACKNOWLEDGED, null, T2, T2.plusSeconds(60))
                            .markDelivered().withReports(new AgentJobReport("SUCCESS", null, T2, T2), null), false);
        });
        assertThat(seen.get()).contains(created);
        assertThat(second).isEqualTo(EdgeWrite.store(changed, false));
        assertThat(store.find(key)).contains(changed);

        EdgeWrite third = store.update(key, (current, hubs) -> {
            seen.set(current);
            return EdgeWrite.remove(true);
        });
        assertThat(seen.get()).contains(changed);
        assertThat(third).isEqualTo(EdgeWrite.remove(true));
        assertThat(store.find(key)).isEmpty();
        assertThat(rows()).isZero();

        // created again after its removal
        put(created, true);
        assertThat(store.find(key)).contains(created);
    }

    @Test
    void aChangeThatDoesNotWriteWritesNothing() {
        EdgeConfiguration original = full("kept");
        put(original, true);
        long sequence = store.hubSequence(HUB);
        EdgeConfiguration other = original.withState(SyncStatus.DELETING, null, T2, null);

        EdgeWrite unchanged = store.update(original.stream(),
                (current, hubs) -> EdgeWrite.unchanged(Optional.of(other)));
        EdgeWrite notWritten = store.update(original.stream(),
                (current, hubs) -> new EdgeWrite(Optional.of(other), false, true));
        EdgeWrite notRemoved = store.update(original.stream(),
                (current, hubs) -> new EdgeWrite(Optional.empty(), false, true));
        EdgeWrite notCreated = store.update(key("new"), (current, hubs) -> new EdgeWrite(Optional.of(
                configuration("new", HUB)), false, true));

        assertThat(unchanged).isEqualTo(EdgeWrite.unchanged(Optional.of(other))); // returned as the change gave it
        assertThat(notWritten.write()).isFalse();
        assertThat(notRemoved.write()).isFalse();
        assertThat(notCreated.write()).isFalse();
        assertThat(store.find(original.stream())).contains(original);
        assertThat(store.find(key("new"))).isEmpty();
        assertThat(rows()).isEqualTo(1);
        assertThat(store.hubSequence(HUB)).isEqualTo(sequence);
    }

    @Test
    void aThrowingChangeLeavesTheRowAndTheSequenceAndRethrowsTheSameException() {
        EdgeConfiguration original = full("kept");
        put(original, true);
        Refused refusal = new Refused("the hub is full");

        assertThatThrownBy(() -> store.update(original.stream(), (current, hubs) -> {
            hubs.configurations(SCOPE, HUB);
            store.find(original.stream()); // reading meanwhile is fine
            throw refusal;
        })).isSameAs(refusal);
        IllegalArgumentException invalid = new IllegalArgumentException("bad");
        assertThatThrownBy(() -> store.update(key("new"), (current, hubs) -> {
            throw invalid;
        })).isSameAs(invalid);

        assertThat(store.find(original.stream())).contains(original);
        assertThat(store.find(key("new"))).isEmpty();
        assertThat(store.hubSequence(HUB)).isEqualTo(1);
        // the database is still usable for writes, the hub lock (PostgreSQL) released
        assertThat(store.update(key("new"), (current, hubs) -> {
            assertThat(hubs.configurations(SCOPE, HUB)).isEqualTo(1);
            return EdgeWrite.store(configuration("new", HUB), true);
        }).write()).isTrue();
        assertThat(store.hubSequence(HUB)).isEqualTo(2);
    }

    @Test
    void aChangeMustReturnAResultOfItsOwnStream() {
        EdgeConfiguration original = full("mine");
        put(original, true);

        assertThatThrownBy(() -> store.update(original.stream(), (current, hubs) -> null))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.update(original.stream(),
                (current, hubs) -> EdgeWrite.store(configuration("other", HUB), true)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.update(original.stream(),
                (current, hubs) -> EdgeWrite.store(configuration(new StreamKey(OTHER_ACCOUNT, "mine"), HUB), true)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.find(original.stream())).contains(original);
        assertThat(rows()).isEqualTo(1);
        assertThat(store.hubSequence(HUB)).isEqualTo(1);
    }

    @Test
    void aConfigurationWithoutARequiredValueIsRefused() {
        EdgeConfiguration c = configuration("c", HUB);
        EdgeConfiguration noStatus = new EdgeConfiguration(c.stream(), c.streamArn(), HUB, c.config(), null, null, T1,
                T1,
                null, false, null, null);
        EdgeConfiguration noConfig = new EdgeConfiguration(c.stream(), c.streamArn(), HUB, null, SyncStatus.SYNCING,
                null,
                T1, T1, null, false, null, null);
        assertThatThrownBy(() -> put(noStatus, true)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> put(noConfig, true)).isInstanceOf(NullPointerException.class);
        assertThat(rows()).isZero();
        assertThat(store.hubSequence(HUB)).isZero();
    }

    @Test
    void updatesOfOneStreamInOneScopeLeaveTheOthersAlone() {
        EdgeConfiguration here = configuration("shared", HUB);
        EdgeConfiguration otherAccount = configuration(new StreamKey(OTHER_ACCOUNT, "shared"), HUB);
        EdgeConfiguration otherRegion = configuration(new StreamKey(OTHER_REGION, "shared"), HUB2);
        put(here, true);
        put(otherAccount, true);
        put(otherRegion, true);

        remove(here.stream(), true);

        assertThat(store.find(here.stream())).isEmpty();
        assertThat(store.find(otherAccount.stream())).contains(otherAccount);
        assertThat(store.find(otherRegion.stream())).contains(otherRegion);
    }

    // --- hub sequence

    @Test
    void theHubSequenceMovesOnlyWhenTheAgentMustLook() {
        assertThat(store.hubSequence(HUB)).isZero();
        assertThat(store.hubSequence("arn:aws:iot:us-west-2:123456789012:thing/never")).isZero();

        EdgeConfiguration a = configuration("a", HUB);
        put(a, true);
        assertThat(store.hubSequence(HUB)).isEqualTo(1);
        put(a.withState(SyncStatus.ACKNOWLEDGED, null, T2, null), false);
        assertThat(store.hubSequence(HUB)).isEqualTo(1);
        put(a.withState(SyncStatus.IN_SYNC, null, T2, null), true);
        assertThat(store.hubSequence(HUB)).isEqualTo(2);

        EdgeConfiguration b = configuration("b", HUB2);
        put(b, true);
        assertThat(store.hubSequence(HUB2)).isEqualTo(1);
        assertThat(store.hubSequence(HUB)).isEqualTo(2);

        // a removal moves the sequence of the hub of the row that was there
        remove(a.stream(), true);
        assertThat(store.hubSequence(HUB)).isEqualTo(3);
        assertThat(store.hubSequence(HUB2)).isEqualTo(1);
        remove(b.stream(), false);
        assertThat(store.hubSequence(HUB2)).isEqualTo(1);
        assertThat(store.find(b.stream())).isEmpty();
        // removing what is not there: no hub to tell
        remove(key("ghost"), true);
        assertThat(store.hubSequence(HUB)).isEqualTo(3);
        assertThat(queryLong("SELECT COUNT(*) FROM hub_changes")).isEqualTo(2);
    }

    @Test
    void movingAConfigurationToAnotherHubTellsBothHubs() {
        EdgeConfiguration a = configuration("a", HUB);
        put(a, true);
        put(configuration("a", HUB2), true);
        assertThat(store.hubSequence(HUB)).isEqualTo(2);
        assertThat(store.hubSequence(HUB2)).isEqualTo(1);
        assertThat(store.listByHub(SCOPE, HUB, null, 10)).isEmpty();
        assertThat(names(store.listByHub(SCOPE, HUB2, null, 10))).containsExactly("a");
    }

    // --- due

    @Test
    void dueListsDeadlinesAtOrBeforeNowOldestFirst() {
        put(withDeadline(configuration("at-300", HUB), Instant.ofEpochMilli(300)), false);
        put(withDeadline(configuration("at-100", HUB), Instant.ofEpochMilli(100)), false);
        put(withDeadline(configuration(new StreamKey(OTHER_ACCOUNT, "at-200"), HUB2), Instant.ofEpochMilli(200)),
                false);
        put(configuration("never", HUB), false);
        put(withDeadline(configuration("at-301", HUB), Instant.ofEpochMilli(301)), false);

        assertThat(store.due(Instant.ofEpochMilli(300), 10))
                .containsExactly(key("at-100"), new StreamKey(OTHER_ACCOUNT, "at-200"), key("at-300"));
        assertThat(store.due(Instant.ofEpochMilli(300), 2)).containsExactly(key("at-100"),
                new StreamKey(OTHER_ACCOUNT, "at-200"));
        assertThat(store.due(Instant.ofEpochMilli(99), 10)).isEmpty();
        assertThat(store.due(Instant.ofEpochMilli(100), 10)).containsExactly(key("at-100"));
        assertThat(store.due(Instant.ofEpochMilli(299_999), 10)).hasSize(4);
        assertThat(store.due(Instant.ofEpochMilli(300), 0)).isEmpty();
        assertThatThrownBy(() -> store.due(Instant.ofEpochMilli(300), -1)).isInstanceOf(IllegalArgumentException.class);

        // a deadline cleared or moved is no longer due
        put(configuration("at-100", HUB), false);
        put(withDeadline(configuration("at-300", HUB), Instant.ofEpochMilli(5_000)), false);
        assertThat(store.due(Instant.ofEpochMilli(300), 10)).containsExactly(new StreamKey(OTHER_ACCOUNT, "at-200"));
    }

    // --- listByHub

    @Test
    void listByHubPagesInCodePointOrderWithinTheScopeAndHub() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            expected.add(String.format("cam-%02d", i));
        }
        expected.addAll(List.of("A", "C", "_x", "a", "a-1", "a.1", "a_1", "b"));
        expected.sort(String::compareTo); // the names are ASCII: UTF-16 order is code point order
        for (String name : expected.reversed()) {
            put(configuration(name, HUB), false);
        }
        put(configuration("cam-other-hub", HUB2), false);
        put(configuration(new StreamKey(OTHER_ACCOUNT, "cam-other-account"), HUB), false);
        put(configuration(new StreamKey(OTHER_REGION, "cam-other-region"), HUB), false);

        List<String> seen = new ArrayList<>();
        String after = null;
        while (true) {
            List<EdgeConfiguration> page = store.listByHub(SCOPE, HUB, after, 10);
            assertThat(page).hasSizeLessThanOrEqualTo(10);
            if (page.isEmpty()) {
                break;
            }
            seen.addAll(names(page));
            after = page.get(page.size() - 1).stream().name();
        }
        assertThat(seen).isEqualTo(expected);
        assertThat(store.listByHub(SCOPE, HUB, null, 1)).containsExactly(configuration("A", HUB));
        assertThat(names(store.listByHub(SCOPE, HUB, "a", 2))).containsExactly("a-1", "a.1");
        assertThat(names(store.listByHub(SCOPE, HUB, "cam-21x", 5))).containsExactly("cam-22");
        assertThat(store.listByHub(SCOPE, HUB, "zzz", 10)).isEmpty();
        assertThat(store.listByHub(SCOPE, HUB, null, 0)).isEmpty();
        assertThatThrownBy(() -> store.listByHub(SCOPE, HUB, null, -1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(names(store.listByHub(SCOPE, HUB2, null, 100))).containsExactly("cam-other-hub");
        assertThat(names(store.listByHub(OTHER_ACCOUNT, HUB, null, 100))).containsExactly("cam-other-account");
        assertThat(names(store.listByHub(OTHER_REGION, HUB, null, 100))).containsExactly("cam-other-region");
        assertThat(store.listByHub(OTHER_ACCOUNT, HUB2, null, 100)).isEmpty();
        assertThat(store.listByHub(SCOPE, HUB, null, 100)).allSatisfy(c -> assertThat(c).isEqualTo(
                configuration(c.stream().name(), HUB)));
    }

    // --- HubCounter

    @Test
    void theHubCounterCountsTheHubsConfigurationsInTheScope() {
        for (int i = 0; i < 3; i++) {
            put(configuration("here-" + i, HUB), false);
        }
        put(configuration("other-hub", HUB2), false);
        put(configuration(new StreamKey(OTHER_ACCOUNT, "x"), HUB), false);
        put(configuration(new StreamKey(OTHER_REGION, "x"), HUB), false);
        put(configuration(new StreamKey(OTHER_REGION, "y"), HUB), false);

        List<Integer> counts = new ArrayList<>();
        store.update(key("here-0"), (current, hubs) -> {
            counts.add(hubs.configurations(SCOPE, HUB));
            counts.add(hubs.configurations(SCOPE, HUB)); // again: the lock is re-entrant
            counts.add(hubs.configurations(SCOPE, HUB2));
            counts.add(hubs.configurations(OTHER_ACCOUNT, HUB));
            counts.add(hubs.configurations(OTHER_REGION, HUB));
            counts.add(hubs.configurations(OTHER_ACCOUNT, HUB2));
            counts.add(hubs.configurations(SCOPE, "arn:aws:iot:us-west-2:123456789012:thing/none"));
            return EdgeWrite.unchanged(current);
        });
        assertThat(counts).containsExactly(3, 3, 1, 1, 2, 0, 0);
    }

    @Test
    void theHubCounterWorksOnlyInsideItsUpdate() {
        AtomicReference<HubCounter> kept = new AtomicReference<>();
        store.update(key("a"), (current, hubs) -> {
            kept.set(hubs);
            return EdgeWrite.unchanged(current);
        });
        assertThatThrownBy(() -> kept.get().configurations(SCOPE, HUB)).isInstanceOf(IllegalStateException.class);
    }

    // --- concurrency

    static final int LIMIT = 16;

    @Test
    void concurrentFirstStartsOnOneHubCannotPassTheLimit() throws Exception {
        startConcurrently(List.of(store), 40);
    }

    /** Like two server processes on one database: they share no pool nor lock in memory. */
    @Test
    void concurrentFirstStartsThroughTwoDatabasesCannotPassTheLimit() throws Exception {
        startConcurrently(List.of(store, new JdbcEdgeConfigStore(open(url))), 40);
    }

    /**
     * {@code threads} threads each create the configuration of their own stream on one hub, as Start
     * does: refused when the hub already has {@link #LIMIT}. Exactly {@link #LIMIT} may succeed.
     */
    private void startConcurrently(List<JdbcEdgeConfigStore> stores, int threads) throws Exception {
        put(configuration("elsewhere", HUB2), false);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int succeeded = 0;
        int refused = 0;
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<EdgeWrite>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                JdbcEdgeConfigStore mine = stores.get(t % stores.size());
                StreamKey key = key(String.format("cam-%03d", t));
                done.add(pool.submit(() -> {
                    start.await();
                    return mine.update(key, (current, hubs) -> {
                        if (current.isEmpty() && hubs.configurations(SCOPE, HUB) >= LIMIT) {
                            throw new Refused("hub full");
                        }
                        pause(); // widen the window between counting and writing
                        return EdgeWrite.store(configuration(key, HUB), true);
                    });
                }));
            }
            start.countDown();
            for (Future<EdgeWrite> f : done) {
                try {
                    assertThat(f.get(120, TimeUnit.SECONDS).write()).isTrue();
                    succeeded++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Refused.class);
                    refused++;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(succeeded).isEqualTo(LIMIT);
        assertThat(refused).isEqualTo(threads - LIMIT);
        assertThat(store.listByHub(SCOPE, HUB, null, 100)).hasSize(LIMIT);
        assertThat(store.hubSequence(HUB)).isEqualTo(LIMIT);
    }

    private static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void concurrentFirstWritesOfOneStreamQueueInsteadOfFailing() throws Exception {
        StreamKey key = key("contended");
        int threads = 12;
        List<JdbcEdgeConfigStore> stores = List.of(store, new JdbcEdgeConfigStore(open(url)));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean created = new AtomicBoolean();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                JdbcEdgeConfigStore mine = stores.get(t % stores.size());
                done.add(pool.submit(() -> {
                    start.await();
                    return mine.update(key, (current, hubs) -> {
                        pause();
                        if (current.isEmpty()) {
                            assertThat(created.getAndSet(true)).isFalse();
                            return EdgeWrite.store(configuration(key, HUB).withState(SyncStatus.SYNCING, "1", T1, null),
                                    true);
                        }
                        int count = Integer.parseInt(current.get().failedStatusDetails());
                        return EdgeWrite
                                .store(current.get().withState(SyncStatus.SYNCING, Integer.toString(count + 1), T1,
                                        null), true);
                    });
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.find(key).orElseThrow().failedStatusDetails()).isEqualTo(Integer.toString(threads));
        assertThat(store.hubSequence(HUB)).isEqualTo(threads);
    }

    // --- schema

    @Test
    void lockHashesAreStableAndSeparateTheParts() {
        assertThat(JdbcEdgeConfigStore.lockHash("")).isEqualTo(0x811c9dc5);
        assertThat(JdbcEdgeConfigStore.lockHash("a")).isEqualTo(0xe40c292c); // FNV-1a test vector
        assertThat(JdbcEdgeConfigStore.lockHash("ab", "c")).isNotEqualTo(JdbcEdgeConfigStore.lockHash("a", "bc"));
    }

    @Test
    void theSchemaIsAtTheLatestVersion() {
        assertThat(db.schemaVersion()).isEqualTo(Migrations.load().size()).isGreaterThanOrEqualTo(3);
        assertThat(queryLong("SELECT COUNT(*) FROM schema_version WHERE name = 'V2__edge_configurations'"))
                .isEqualTo(1);
    }
}
