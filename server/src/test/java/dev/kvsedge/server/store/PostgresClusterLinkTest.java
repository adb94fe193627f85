package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.cluster.ClusterJobs;
import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.cluster.NoticeListener;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.Topic;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database, each with its own link: notices cross between them, a lost link reconnects and
 * catches up, and a background job runs on one node at a time and moves when that node goes.
 */
class PostgresClusterLinkTest {
    private static final Duration SOON = Duration.ofSeconds(1);

    private String url;
    private Database databaseA;
    private Database databaseB;
    private final Notices a = new Notices(new NodeId("node-a"));
    private final Notices b = new Notices(new NodeId("node-b"));
    private PostgresClusterLink linkA;
    private PostgresClusterLink linkB;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void start() throws Exception {
        url = EmbeddedPostgresCluster.newDatabaseUrl();
        databaseA = Database.open(url);
        databaseB = Database.open(url);
        linkA = PostgresClusterLink.start(databaseA, a);
        linkB = PostgresClusterLink.start(databaseB, b);
    }

    @AfterEach
    void stop() {
        linkA.close();
        linkB.close();
        databaseA.close();
        databaseB.close();
        workers.shutdownNow();
    }

    @Test
    void aNoticePublishedOnOneNodeReachesTheOtherAtOnceAndItsOwnListenersOnce() throws Exception {
        Heard onA = new Heard();
        Heard onB = new Heard();
        a.subscribe(Topic.HUB, onA);
        b.subscribe(Topic.HUB, onB);

        a.publish(Topic.HUB, "arn:aws:iot:us-east-1:123456789012:thing/hub-1");

        assertThat(onB.next()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/hub-1");
        assertThat(onA.next()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/hub-1");
        assertThat(onA.keys.poll(300, TimeUnit.MILLISECONDS)).as("its own notice, heard back through LISTEN").isNull();
    }

    @Test
    void aNodeWhoseLinkWasCutCatchesUpAndHearsAgain() throws Exception {
        Heard onB = new Heard();
        b.subscribe(Topic.FRAGMENTS, onB);
        terminateLinkOf("node-b");
        a.publish(Topic.FRAGMENTS, "missed-while-cut"); // may be lost: B catches up instead

        assertThat(onB.catchUps.poll(5, TimeUnit.SECONDS)).as("catch-up once the link broke or came back").isNotNull();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!b.hearing() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(b.hearing()).as("the link is back").isTrue();
        onB.keys.clear();
        a.publish(Topic.FRAGMENTS, "after");
        assertThat(onB.next()).isEqualTo("after");
    }

    @Test
    void aJobRunsOnOneNodeAtATimeAndMovesWithinSecondsWhenItsNodeGoes() throws Exception {
        AtomicInteger runsOnA = new AtomicInteger();
        AtomicInteger runsOnB = new AtomicInteger();
        try (ClusterJobs jobsA = new ClusterJobs(linkA, workers); ClusterJobs jobsB = new ClusterJobs(linkB, workers)) {
            jobsA.every("sweep", Duration.ofMillis(100), runsOnA::incrementAndGet);
            jobsB.every("sweep", Duration.ofMillis(100), runsOnB::incrementAndGet);
            Thread.sleep(4000);
            assertThat(List.of(runsOnA.get(), runsOnB.get())).as("runs on A and B").containsOnlyOnce(0);
            PostgresClusterLink leader = runsOnA.get() > 0 ? linkA : linkB;
            AtomicInteger follower = runsOnA.get() > 0 ? runsOnB : runsOnA;

            leader.close(); // as when its node dies: PostgreSQL ends its session and releases its locks
            long closed = System.nanoTime();
            while (follower.get() == 0 && System.nanoTime() - closed < Duration.ofSeconds(30).toNanos()) {
                Thread.sleep(50);
            }
            assertThat(follower.get()).as("runs on the other node after the leader went").isPositive();
            assertThat(Duration.ofNanos(System.nanoTime() - closed)).isLessThan(Duration.ofSeconds(30));
        }
    }

    private void terminateLinkOf(String node) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(url);
                PreparedStatement s = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE application_name = ?")) {
            s.setString(1, PostgresClusterLink.APPLICATION_NAME + node);
            s.executeQuery().close();
        }
    }

    /** What a node's listener heard. */
    private static final class Heard implements NoticeListener {
        final BlockingQueue<String> keys = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> catchUps = new LinkedBlockingQueue<>();

        @Override
        public void changed(String key) {
            keys.add(key);
        }

        @Override
        public void catchUp() {
            catchUps.add(true);
        }

        String next() throws InterruptedException {
            return keys.poll(SOON.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
