package dev.kvsedge.server.store;

import static dev.kvsedge.server.store.EdgeConfigStoreContract.HUB;
import static dev.kvsedge.server.store.EdgeConfigStoreContract.HUB2;
import static dev.kvsedge.server.store.EdgeConfigStoreContract.SCOPE;
import static dev.kvsedge.server.store.EdgeConfigStoreContract.configuration;
import static dev.kvsedge.server.store.EdgeConfigStoreContract.key;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.edge.EdgeConfigStore.EdgeWrite;
import dev.kvsedge.server.edge.EdgeConfiguration;
import dev.kvsedge.server.edge.SyncHistoryEntry;
import dev.kvsedge.server.edge.SyncStatus;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.hubs.HubContact;
import dev.kvsedge.server.hubs.StreamBacklog;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the console's stores must do on every database: hub contacts and backlogs, sync history, coverage scans. */
abstract class HubStoreContract extends DatabaseTestSupport {
    static final Instant T0 = Instant.parse("2026-01-05T06:00:00Z");

    JdbcHubStore hubs;
    JdbcEdgeConfigStore edge;

    @BeforeEach
    void openStores() {
        hubs = new JdbcHubStore(db);
        edge = new JdbcEdgeConfigStore(db, InstantSource.fixed(T0));
    }

    @Test
    void aContactReplacesTheLastOneOfItsHub() {
        hubs.recordContact(new HubContact(SCOPE, HUB, "KVSE1", true, "kvs-edge 1", "Europe/Paris", T0));
        HubContact later = new HubContact(SCOPE, HUB, "test", false, null, null, T0.plusSeconds(5));
        hubs.recordContact(later);

        assertThat(hubs.contact(SCOPE, HUB)).contains(later);
        assertThat(hubs.contact(new Scope(SCOPE.accountId(), "eu-west-1"), HUB)).isEmpty();
    }

    @Test
    void theHubsOfAScopeAreThoseWithAConfigurationOrAContact() {
        edge.update(key("cam"), (current, counter) -> EdgeWrite.store(configuration("cam", HUB), true));
        hubs.recordContact(new HubContact(SCOPE, HUB2, "KVSE2", true, null, null, T0));
        hubs.recordContact(
                new HubContact(new Scope(SCOPE.accountId(), "eu-west-1"), "arn:aws:iot:eu-west-1:1:thing/x", "K", true,
                        null, null, T0));

        assertThat(hubs.hubs(SCOPE)).containsExactly(HUB, HUB2);
    }

    @Test
    void aBacklogReadsBackAsReportedAndTheNextOneReplacesIt() {
        StreamBacklog first = new StreamBacklog("arn:s/1", 3, 4096, T0,
                List.of(new StreamBacklog.Span(T0, T0.plusMillis(12_500))), T0);
        StreamBacklog empty = new StreamBacklog("arn:s/2", 0, 0, null, List.of(), T0);
        hubs.recordBacklog(first);
        hubs.recordBacklog(empty);
        assertThat(hubs.backlogs(List.of("arn:s/1", "arn:s/2", "arn:s/3")))
                .isEqualTo(Map.of("arn:s/1", first, "arn:s/2", empty));

        StreamBacklog next = new StreamBacklog("arn:s/1", 0, 0, null, List.of(), T0.plusSeconds(60));
        hubs.recordBacklog(next);
        assertThat(hubs.backlogs(List.of("arn:s/1"))).isEqualTo(Map.of("arn:s/1", next));
    }

    @Test
    void backlogsOfManyStreamsAreReadInChunks() {
        List<String> arns = new ArrayList<>();
        for (int i = 0; i < 450; i++) {
            arns.add("arn:s/" + i);
            hubs.recordBacklog(new StreamBacklog("arn:s/" + i, i, i, null, List.of(), T0));
        }
        assertThat(hubs.backlogs(arns)).hasSize(450);
    }

    @Test
    void everyChangeOfSyncStateIsInTheHistoryNewestFirstAndARemovalIsDeleted() {
        EdgeConfiguration syncing = configuration("cam", HUB);
        edge.update(syncing.stream(), (current, counter) -> EdgeWrite.store(syncing, true));
        EdgeConfiguration failed = syncing.withState(SyncStatus.SYNC_FAILED, "camera unreachable", T0.minusSeconds(1),
                null);
        edge.update(syncing.stream(), (current, counter) -> EdgeWrite.store(failed, false));
        edge.update(syncing.stream(), (current, counter) -> EdgeWrite.store(failed.markDelivered(), false)); // no new state
        edge.update(syncing.stream(), (current, counter) -> EdgeWrite.remove(true));

        assertThat(edge.history(syncing.stream(), syncing.streamArn(), 10)).containsExactly(
                new SyncHistoryEntry(T0, "DELETED", null),
                new SyncHistoryEntry(T0.minusSeconds(1), "SYNC_FAILED", "camera unreachable"),
                new SyncHistoryEntry(syncing.lastUpdatedTime(), "SYNCING", null));
        assertThat(edge.history(syncing.stream(), syncing.streamArn(), 1)).hasSize(1);
    }

    @Test
    void theHistoryKeepsTheNewestEntriesAndForgetsAnEarlierStreamOfTheSameName() {
        EdgeConfiguration c = configuration("cam", HUB);
        for (int i = 0; i < EdgeSyncHistoryRows.KEPT + 5; i++) {
            EdgeConfiguration next = c.withState(i % 2 == 0 ? SyncStatus.SYNCING : SyncStatus.IN_SYNC, null,
                    T0.plusSeconds(i), null);
            edge.update(c.stream(), (current, counter) -> EdgeWrite.store(next, false));
        }
        assertThat(queryLong("SELECT COUNT(*) FROM edge_sync_history")).isEqualTo(EdgeSyncHistoryRows.KEPT);
        assertThat(edge.history(c.stream(), c.streamArn(), 1).getFirst().time())
                .isEqualTo(T0.plusSeconds(EdgeSyncHistoryRows.KEPT + 4));

        edge.update(c.stream(), (current, counter) -> EdgeWrite.remove(true));
        EdgeConfiguration again = new EdgeConfiguration(c.stream(),
                c.streamArn().replace("/1717171717123", "/1717171799999"), HUB,
                c.config(), SyncStatus.SYNCING, null, T0, T0.plusSeconds(500), null, false, null, null);
        edge.update(c.stream(), (current, counter) -> EdgeWrite.store(again, true));
        assertThat(edge.history(c.stream(), again.streamArn(), 10))
                .containsExactly(new SyncHistoryEntry(T0.plusSeconds(500), "SYNCING", null));
        assertThat(queryLong("SELECT COUNT(*) FROM edge_sync_history")).isEqualTo(1);
    }

    @Test
    void aCoverageScanFeedsTheRangesFragmentsInRecordingOrderAndStopsWhenAsked() {
        JdbcFragmentStore fragments = new JdbcFragmentStore(db);
        String arn = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/cam/1";
        for (int i = 0; i < 10; i++) { // numbers in arrival order, recording times backwards
            fragments.insert(new Fragment(arn, i, T0.plusSeconds(20 - 2L * i), T0, 2000, "k" + i, 1000 + i, 100));
        }
        fragments.insert(new Fragment(arn + "0", 99, T0.plusSeconds(5), T0, 2000, "other", 1, 0));
        List<long[]> seen = new ArrayList<>();

        new JdbcCoverageStore(db).scan(arn, T0.plusSeconds(4), T0.plusSeconds(12), (start, duration, bytes) -> {
            seen.add(new long[] {start - T0.toEpochMilli(), duration, bytes});
            return seen.size() < 4;
        });

        assertThat(seen).extracting(f -> f[0]).containsExactly(4000L, 6000L, 8000L, 10_000L);
        assertThat(seen.getFirst()[1]).isEqualTo(2000);
        assertThat(seen.getFirst()[2]).isEqualTo(1008 - 100);
    }
}
