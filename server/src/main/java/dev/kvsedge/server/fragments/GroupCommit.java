package dev.kvsedge.server.fragments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Indexes fragments from many uploads with as few commits as possible, and numbers them as they commit. While one
 * commit runs, the fragments handed over meanwhile gather and go in the next, together: with 50 streams, one index
 * transaction (one WAL fsync on SQLite) serves many fragments instead of each paying its own under the database's
 * single write lock. A lone fragment is committed at once, never delayed. Fragments are committed in the order they
 * were handed over, so an upload that hands its fragments over in order gets their numbers in that order.
 */
public final class GroupCommit {
    private static final Executor COMMITTERS = Executors
            .newThreadPerTaskExecutor(Thread.ofVirtual().name("index-commit").factory());

    private final FragmentStore store;
    private final FragmentNumbers numbers;
    private final ReentrantLock committing = new ReentrantLock();
    private final Object queueLock = new Object();
    private List<Pending> queue = new ArrayList<>();

    private record Pending(NewFragment fragment, CompletableFuture<Optional<Fragment>> done) {}

    public GroupCommit(FragmentStore store, FragmentNumbers numbers) {
        this.store = store;
        this.numbers = numbers;
    }

    /**
     * Queues the fragment for the next commit and returns at once. The future gives the fragment as indexed, with its
     * number, or empty when its stream no longer exists; it fails with what the store threw for its batch.
     */
    public CompletableFuture<Optional<Fragment>> submit(NewFragment fragment) {
        Pending mine = new Pending(fragment, new CompletableFuture<>());
        synchronized (queueLock) {
            queue.add(mine);
        }
        // Whoever holds the commit lock next commits everything queued by then, possibly this fragment with others.
        COMMITTERS.execute(this::commitInTurn);
        return mine.done();
    }

    private void commitInTurn() {
        List<Pending> batch;
        List<Optional<Fragment>> indexed = null;
        RuntimeException failure = null;
        committing.lock();
        try {
            synchronized (queueLock) {
                batch = queue;
                queue = new ArrayList<>();
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                indexed = store.append(batch.stream().map(Pending::fragment).toList(), numbers::next);
            } catch (RuntimeException e) {
                failure = e;
            }
        } finally {
            committing.unlock();
        }
        // Outside the lock: what waits on these futures (acknowledgements) must not delay the next batch.
        for (int i = 0; i < batch.size(); i++) {
            if (indexed == null) {
                batch.get(i).done()
                        .completeExceptionally(Objects.requireNonNull(failure, "the failure that left no index"));
            } else {
                batch.get(i).done().complete(indexed.get(i));
            }
        }
    }
}
