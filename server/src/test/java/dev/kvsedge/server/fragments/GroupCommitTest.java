package dev.kvsedge.server.fragments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** Records each insertAll call; the first one blocks until released, as a slow fsync would. */
    static final class RecordingStore implements FragmentStore {
        final List<List<Fragment>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        volatile RuntimeException failWith;

        @Override
        public void insertAll(List<Fragment> fragments) {
            batches.add(List.copyOf(fragments));
            if (batches.size() == 1) {
                firstStarted.countDown();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (failWith != null) {
                throw failWith;
            }
        }

        @Override
        public void insert(Fragment fragment) {
            insertAll(List.of(fragment));
        }

        @Override
        public List<Fragment> inRange(String a, TimeKind k, Instant f, Instant t, Instant at, Long an, int l) {
            return List.of();
        }

        @Override
        public List<Fragment> byNumbers(String a, List<Long> n) {
            return List.of();
        }

        @Override
        public List<Fragment> after(String a, long n, int l) {
            return List.of();
        }

        @Override
        public Optional<Fragment> latest(String a) {
            return Optional.empty();
        }

        @Override
        public long count(String a, long f, long b) {
            return 0;
        }

        @Override
        public List<Fragment> expired(Instant now, int limit) {
            return List.of();
        }

        @Override
        public void delete(Collection<Fragment> fragments) {
        }
    }

    static Fragment fragment(long number) {
        return new Fragment("arn:aws:kinesisvideo:us-east-1:123456789012:stream/s" + number + "/1", number, Instant.EPOCH,
                Instant.EPOCH, 1000, "k" + number, 10, 1);
    }

    @Test
    void fragmentsArrivingDuringACommitGoTogetherInTheNext() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommit commit = new GroupCommit(store);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        Future<?> first = threads.submit(() -> commit.insert(fragment(1)));
        store.firstStarted.await();
        List<Future<?>> waiting = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            long n = i;
            waiting.add(threads.submit(() -> commit.insert(fragment(n))));
        }
        Thread.sleep(200); // let them all queue behind the running commit
        store.releaseFirst.countDown();
        first.get();
        for (Future<?> f : waiting) {
            f.get();
        }
        assertThat(store.batches).hasSize(2);
        assertThat(store.batches.get(1)).extracting(Fragment::number).containsExactlyInAnyOrder(2L, 3L, 4L, 5L, 6L);
        threads.shutdown();
    }

    @Test
    void aLoneFragmentIsCommittedAtOnceAndAFailureReachesItsCaller() {
        RecordingStore store = new RecordingStore();
        store.releaseFirst.countDown();
        GroupCommit commit = new GroupCommit(store);
        commit.insert(fragment(1));
        assertThat(store.batches).hasSize(1);
        store.failWith = new IllegalStateException("disk full");
        assertThatThrownBy(() -> commit.insert(fragment(2))).hasMessage("disk full");
    }
}
