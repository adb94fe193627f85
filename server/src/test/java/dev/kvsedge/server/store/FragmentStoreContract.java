package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.cluster.NodeId;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore.TimeKind;
import dev.kvsedge.server.fragments.NewFragment;
import dev.kvsedge.server.streams.Stream;
import dev.kvsedge.server.streams.StreamKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JdbcFragmentStore} must do, whatever its database. */
abstract class FragmentStoreContract extends DatabaseTestSupport {

    static final Scope SCOPE = new Scope("123456789012", "us-west-2");
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    JdbcFragmentStore fragments;
    JdbcStreamStore streams;
    String cam;

    @BeforeEach
    void openStores() {
        fragments = new JdbcFragmentStore(db);
        streams = new JdbcStreamStore(db);
        cam = createStream("cam", 24);
    }

    String createStream(String name, int retentionHours) {
        String arn = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/" + name + "/1";
        streams.create(new Stream(new StreamKey(SCOPE, name), arn, null, null, null, "v1", T0, retentionHours,
                new TreeMap<>()));
        return arn;
    }

    static Fragment fragment(String arn, long number, Instant producer, Instant server) {
        return new Fragment(arn, number, producer, server, 2000, arn.hashCode() + "/" + number, 1000 + number, 200);
    }

    static List<Long> numbers(List<Fragment> list) {
        return list.stream().map(Fragment::number).toList();
    }

    @Test
    void storesEveryFieldAndReadsItBack() {
        Fragment f = new Fragment(cam, 91_343_852_333_181L, T0.plusMillis(123), T0.plusMillis(456), 1999, "cam/1.mkv",
                5_000_000_000L, 321);
        fragments.insert(f);
        assertThat(fragments.byNumbers(cam, List.of(f.number()))).containsExactly(f);
        assertThat(fragments.latest(cam)).contains(f);
        assertThat(f.mediaSize()).isEqualTo(5_000_000_000L - 321);
    }

    @Test
    void selectsByEitherTimestampInclusivelyAndPagesWithoutGapsOrRepeats() {
        // producer times go backwards against server times: the selector decides the order
        for (int i = 0; i < 10; i++) {
            fragments.insert(fragment(cam, 100 + i, T0.plusSeconds(100 - i * 2L), T0.plusSeconds(i * 2L)));
        }
        List<Fragment> byServer = fragments.inRange(cam, TimeKind.SERVER, T0.plusSeconds(4), T0.plusSeconds(10), null,
                null, 100);
        assertThat(numbers(byServer)).containsExactly(102L, 103L, 104L, 105L);
        List<Fragment> byProducer = fragments.inRange(cam, TimeKind.PRODUCER, T0.plusSeconds(90), T0.plusSeconds(96),
                null, null, 100);
        assertThat(numbers(byProducer)).containsExactly(105L, 104L, 103L, 102L);

        List<Long> paged = new java.util.ArrayList<>();
        Fragment last = null;
        do {
            List<Fragment> page = fragments.inRange(cam, TimeKind.SERVER, T0, T0.plusSeconds(60),
                    last == null ? null : last.serverTimestamp(), last == null ? null : last.number(), 3);
            paged.addAll(numbers(page));
            last = page.size() == 3 ? page.getLast() : null;
        } while (last != null);
        assertThat(paged).containsExactly(100L, 101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L);
    }

    @Test
    void pagesThroughFragmentsThatShareATimestamp() {
        for (int i = 0; i < 5; i++) {
            fragments.insert(fragment(cam, 10 + i, T0, T0));
        }
        List<Fragment> first = fragments.inRange(cam, TimeKind.PRODUCER, T0, T0, null, null, 2);
        List<Fragment> second = fragments.inRange(cam, TimeKind.PRODUCER, T0, T0, T0, first.getLast().number(), 10);
        assertThat(numbers(first)).containsExactly(10L, 11L);
        assertThat(numbers(second)).containsExactly(12L, 13L, 14L);
    }

    @Test
    void findsByNumbersInTheOrderAskedAndSkipsUnknownOnes() {
        for (int i = 1; i <= 3; i++) {
            fragments.insert(fragment(cam, i, T0.plusSeconds(i), T0.plusSeconds(i)));
        }
        String other = createStream("other", 24);
        fragments.insert(fragment(other, 9, T0, T0));
        assertThat(numbers(fragments.byNumbers(cam, List.of(3L, 1L, 42L, 9L)))).containsExactly(3L, 1L);
    }

    @Test
    void followsANumberForALiveTail() {
        for (int i = 1; i <= 5; i++) {
            fragments.insert(fragment(cam, i, T0.plusSeconds(i), T0.plusSeconds(i)));
        }
        assertThat(numbers(fragments.after(cam, -1, 2))).containsExactly(1L, 2L);
        assertThat(numbers(fragments.after(cam, 3, 10))).containsExactly(4L, 5L);
        assertThat(fragments.after(cam, 5, 10)).isEmpty();
        assertThat(fragments.count(cam, 2, 5)).isEqualTo(3);
        assertThat(fragments.count(cam, 6, 9)).isZero();
        assertThat(fragments.latest(createStream("empty", 24))).isEmpty();
    }

    @Test
    void expiresByEachStreamsRetentionAndWhenTheStreamIsGone() {
        String shortLived = createStream("short", 1);
        String doomed = createStream("doomed", 24);
        Instant now = T0.plus(Duration.ofHours(10));
        fragments.insert(fragment(cam, 1, T0, T0)); // 10 h old, 24 h kept
        fragments.insert(fragment(shortLived, 2, T0, now.minus(Duration.ofMinutes(61)))); // past 1 h
        fragments.insert(fragment(shortLived, 3, T0, now.minus(Duration.ofMinutes(59)))); // within 1 h
        fragments.insert(fragment(doomed, 4, T0, now));
        streams.delete(new StreamKey(SCOPE, "doomed"), s -> {});

        List<Fragment> expired = fragments.expired(now, 100);
        assertThat(numbers(expired)).containsExactlyInAnyOrder(2L, 4L);
        fragments.delete(expired);
        assertThat(fragments.expired(now, 100)).isEmpty();
        assertThat(numbers(fragments.after(shortLived, -1, 10))).containsExactly(3L);
        assertThat(numbers(fragments.after(cam, -1, 10))).containsExactly(1L);
    }

    static NewFragment arriving(String arn, int i) {
        return new NewFragment(arn, T0.plusSeconds(i), T0.plusSeconds(i), 1000, arn.hashCode() + "/new-" + i, 500, 100);
    }

    @Test
    void appendNumbersEachStreamsFragmentsAboveItsLastInTheOrderGivenAndSkipsGoneStreams() {
        String other = createStream("other", 24);
        fragments.insert(fragment(cam, 5_000, T0, T0));
        String gone = "arn:aws:kinesisvideo:us-west-2:123456789012:stream/gone/1";
        long[] proposals = {10, 20, 30, 40, 50};
        int[] next = {0};
        List<Optional<Fragment>> indexed = fragments
                .append(List.of(arriving(cam, 1), arriving(other, 1), arriving(gone, 1),
                        arriving(cam, 2), arriving(other, 2)), () -> proposals[next[0]++]);

        assertThat(indexed.get(2)).as("a fragment of a stream that is gone").isEmpty();
        assertThat(indexed.get(0).orElseThrow().number()).as("above the stream's last").isEqualTo(5_001);
        assertThat(indexed.get(3).orElseThrow().number()).isEqualTo(5_002);
        assertThat(indexed.get(1).orElseThrow().number()).as("the proposal, the stream having none")
                .isGreaterThanOrEqualTo(10);
        assertThat(indexed.get(4).orElseThrow().number()).isGreaterThan(indexed.get(1).orElseThrow().number());
        assertThat(fragments.after(cam, 5_000, 10)).containsExactly(indexed.get(0).orElseThrow(),
                indexed.get(3).orElseThrow());
        assertThat(fragments.after(other, -1, 10)).containsExactly(indexed.get(1).orElseThrow(),
                indexed.get(4).orElseThrow());
        assertThat(fragments.after(gone, -1, 10)).isEmpty();
    }

    /**
     * Fencing: an upload on one node took the stream, then an upload on another took it over. The first upload's node,
     * paused meanwhile, hands over a fragment: the index refuses it; the second upload's fragments are indexed, and a
     * fragment from no upload (unfenced) is indexed whoever holds the stream.
     */
    @Test
    void aFragmentOfAnUploadThatLostItsStreamIsNotIndexed() {
        long paused = new JdbcUploadLeases(db, new NodeId("node-a")).take(cam).orElseThrow();
        JdbcUploadLeases other = new JdbcUploadLeases(db, new NodeId("node-b"));
        long current = other.take(cam).orElseThrow();

        List<Optional<Fragment>> indexed = fragments.append(List.of(fenced(arriving(cam, 1), paused),
                fenced(arriving(cam, 2), current), arriving(cam, 3)), () -> 1);

        assertThat(current).isGreaterThan(paused);
        assertThat(other.current(cam)).hasValue(current);
        assertThat(indexed.get(0)).as("the paused upload's fragment").isEmpty();
        assertThat(indexed.get(1)).as("the current upload's fragment").isPresent();
        assertThat(indexed.get(2)).as("a fragment of no upload").isPresent();
        assertThat(fragments.after(cam, -1, 10)).extracting(Fragment::producerTimestamp)
                .containsExactly(T0.plusSeconds(2), T0.plusSeconds(3));
        assertThat(other.take("arn:aws:kinesivideo:us-west-2:123456789012:stream/gone/1")).as("a gone stream")
                .isEmpty();
    }

    private static NewFragment fenced(NewFragment f, long uploadToken) {
        return new NewFragment(f.streamArn(), f.producerTimestamp(), f.serverTimestamp(), f.durationMillis(),
                f.blobKey(),
                f.blobSize(), f.headerLength(), uploadToken);
    }

    /**
     * Two servers on one database append to one stream while a reader follows its numbers as GetMedia does: the reader
     * never passes a number that commits later (it sees every fragment, in order), and no number repeats.
     */
    @Test
    void aReaderFollowingNumbersMissesNothingWhileTwoServersAppend() throws Exception {
        Database second = open(url);
        List<JdbcFragmentStore> servers = List.of(fragments, new JdbcFragmentStore(second));
        int perServer = 100;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Long> followed = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            long last = -1;
            while (writing.get() || !fragments.after(cam, last, 1).isEmpty()) {
                for (Fragment f : fragments.after(cam, last, 50)) {
                    followed.add(f.number());
                    last = f.number();
                }
            }
        });
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < servers.size(); w++) {
            JdbcFragmentStore server = servers.get(w);
            // Both propose from the same clock-like counter, as two servers' clocks would: the index settles it.
            FragmentNumbersLike proposals = new FragmentNumbersLike();
            int writer = w;
            writers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < perServer; i++) {
                    server.append(List.of(arriving(cam, writer * 1000 + i)), proposals::next);
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        reader.join();
        List<Long> all = numbers(fragments.after(cam, -1, 1000));
        assertThat(all).hasSize(2 * perServer).doesNotHaveDuplicates().isSorted();
        assertThat(followed).as("what the reader saw while they wrote").containsExactlyElementsOf(all);
    }

    /** Proposes 1, 2, 3...: two of these collide all the time, as two servers' clock-based proposals might. */
    static final class FragmentNumbersLike {
        private long last;

        synchronized long next() {
            return ++last;
        }
    }
}
