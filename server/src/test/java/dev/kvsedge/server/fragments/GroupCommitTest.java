package dev.kvsedge.server.fragments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    /** Records each append call; the first one blocks until released, as a slow fsync would. */
    static final class RecordingStore implements FragmentStore {
        final List<List<NewFragment>> batches = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch releaseFirst = new CountDownLatch(1);
        volatile RuntimeException failWith;

        @Override
        public List<Optional<Fragment>> append(List<NewFragment> fragments, LongSupplier proposed) {
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
            return fragments.stream().map(f -> Optional.of(f.numbered(proposed.getAsLong()))).toList();
        }

        @Override
        public void insert(Fragment fragment) {
            throw new UnsupportedOperationException();
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
        public void delete(Collection<Fragment> fragments) {}

        @Override
        public java.util.Set<String> knownBlobKeys(Collection<String> blobKeys) {
            return java.util.Set.of();
        }
    }

    static NewFragment fragment(long n) {
        return new NewFragment("arn:aws:kinesisvideo:us-east-1:123456789012:stream/s" + n + "/1", Instant.EPOCH,
                Instant.EPOCH, 1000, "k" + n, 10, 1);
    }

    static GroupCommit groupCommit(FragmentStore store) {
        return new GroupCommit(store, new FragmentNumbers(Clock.systemUTC()));
    }

    @Test
    void fragmentsArrivingDuringACommitGoTogetherInTheNext() throws Exception {
        RecordingStore store = new RecordingStore();
        GroupCommit commit = groupCommit(store);
        CompletableFuture<Optional<Fragment>> first = commit.submit(fragment(1));
        store.firstStarted.await();
        List<CompletableFuture<Optional<Fragment>>> waiting = new ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            waiting.add(commit.submit(fragment(i)));
        }
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        store.releaseFirst.countDown();
        long firstNumber = first.get().orElseThrow().number();
        List<Long> numbers = new ArrayList<>();
        for (CompletableFuture<Optional<Fragment>> f : waiting) {
            numbers.add(f.get().orElseThrow().number());
        }
        assertThat(store.batches).hasSize(2);
        assertThat(store.batches.get(1)).extracting(NewFragment::blobKey).containsExactly("k2", "k3", "k4", "k5", "k6");
        assertThat(numbers).as("numbered in the order handed over").isSorted().allMatch(n -> n > firstNumber);
    }

    @Test
    void aLoneFragmentIsCommittedAtOnceAndAFailureReachesItsCaller() {
        RecordingStore store = new RecordingStore();
        store.releaseFirst.countDown();
        GroupCommit commit = groupCommit(store);
        assertThat(commit.submit(fragment(1)).join()).isPresent();
        assertThat(store.batches).hasSize(1);
        store.failWith = new IllegalStateException("disk full");
        assertThatThrownBy(() -> commit.submit(fragment(2)).join()).hasRootCauseMessage("disk full");
    }
}
