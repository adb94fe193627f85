package dev.kvsedge.server.fragments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Indexes fragments from many uploads with as few commits as possible. Each upload waits for its own fragment to
 * be committed, but while one commit runs, the fragments arriving meanwhile gather and go in the next, together:
 * with 50 streams, one index transaction (one WAL fsync on SQLite) serves many fragments instead of each paying
 * its own under the database's single write lock. A lone fragment is committed at once, never delayed.
 */
public final class GroupCommit {
    private final FragmentStore store;
    private final ReentrantLock committing = new ReentrantLock();
    private final Object queueLock = new Object();
    private List<Pending> queue = new ArrayList<>();

    private record Pending(Fragment fragment, CompletableFuture<Void> done) {
    }

    public GroupCommit(FragmentStore store) {
        this.store = store;
    }

    /** Returns once the fragment's index row is committed; throws what the store threw for its batch. */
    public void insert(Fragment fragment) {
        Pending mine = new Pending(fragment, new CompletableFuture<>());
        synchronized (queueLock) {
            queue.add(mine);
        }
        // Whoever holds the commit lock commits everything queued, possibly including this fragment.
        while (!mine.done().isDone()) {
            committing.lock();
            try {
                if (!mine.done().isDone()) {
                    commitQueued();
                }
            } finally {
                committing.unlock();
            }
        }
        try {
            mine.done().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while indexing a fragment", e);
        }
    }

    private void commitQueued() {
        List<Pending> batch;
        synchronized (queueLock) {
            batch = queue;
            queue = new ArrayList<>();
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.insertAll(batch.stream().map(Pending::fragment).toList());
            batch.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }
}
