package dev.kvsedge.server.streams;

import dev.kvsedge.server.accounts.Scope;
import dev.kvsedge.server.cluster.NoticeListener;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StreamStore} that keeps the streams it read, so that DescribeStream and every other lookup of a stream by
 * name (signed requests, PutMedia, playback) costs no database read. Everything else goes to the store.
 *
 * <p>A stream changed or deleted through any node is forgotten by every node's cache at once: the node that changed it
 * publishes a {@link Topic#STREAM} notice after the commit (PostgreSQL NOTIFY to the other nodes). While this node
 * cannot hear the others it reads every stream from the database, and after its link is back it drops everything. An
 * entry is also kept at most {@link #MAX_AGE}: what a missed notice (a node of an older version, which sends none) can
 * cost is bounded by that. Absent streams are not kept, so a stream created on another node is found at once.
 *
 * <p>A read that raced with a change is not kept: every forgetting moves {@link #generation} first, and an entry is
 * stored, atomically with the check, only if no forgetting happened since its read began.
 */
public final class CachedStreamStore implements StreamStore {
    /** How long an entry is trusted without a notice; a notice drops it at once. */
    static final Duration MAX_AGE = Duration.ofSeconds(1);
    private static final int MAX_ENTRIES = 10_000;

    private final StreamStore store;
    private final Notices notices;
    private final Clock clock;
    private final Map<StreamKey, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    private record Entry(Stream stream, long expiresMillis) {}

    public CachedStreamStore(StreamStore store, Notices notices, Clock clock) {
        this.store = store;
        this.notices = notices;
        this.clock = clock;
        notices.subscribe(Topic.STREAM, new NoticeListener() {
            @Override
            public void changed(String key) {
                forget(NoticeKeys.parse(key));
            }

            @Override
            public void catchUp() {
                forgetAll();
            }
        });
    }

    @Override
    public boolean create(Stream stream) {
        // Absent streams are never kept, so no node has anything to forget.
        return store.create(stream);
    }

    @Override
    public Optional<Stream> find(StreamKey key) {
        long now = clock.millis();
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresMillis() > now && notices.hearing()) {
            return Optional.of(entry.stream());
        }
        long readAt = generation.get();
        Optional<Stream> found = store.find(key);
        if (found.isPresent() && notices.hearing()) {
            if (entries.size() >= MAX_ENTRIES) {
                forgetAll();
            }
            Entry fresh = new Entry(found.get(), now + MAX_AGE.toMillis());
            // Checked under the key's lock: a forgetting of this key either saw the entry (and removed it after moving
            // the generation) or moved the generation before this check.
            entries.compute(key, (k, old) -> generation.get() == readAt ? fresh : old);
        }
        return found;
    }

    @Override
    public List<Stream> list(Scope scope, @Nullable String namePrefix, @Nullable String startAfter, int limit) {
        return store.list(scope, namePrefix, startAfter, limit);
    }

    @Override
    public Optional<Stream> update(StreamKey key, UnaryOperator<Stream> change) {
        Optional<Stream> updated;
        try {
            updated = store.update(key, change);
        } finally {
            forget(key); // also when it failed: forgetting is never wrong
        }
        updated.ifPresent(stream -> changed(key));
        return updated;
    }

    @Override
    public boolean delete(StreamKey key, Consumer<Stream> check) {
        boolean deleted;
        try {
            deleted = store.delete(key, check);
        } finally {
            forget(key);
        }
        if (deleted) {
            changed(key);
        }
        return deleted;
    }

    /** Forgets every stream, after they were changed behind the store's back (a reset). */
    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** After a committed change: the other nodes forget it on the notice (and this one again, harmlessly). */
    private void changed(StreamKey key) {
        notices.publish(Topic.STREAM, NoticeKeys.of(key));
    }

    private void forget(StreamKey key) {
        generation.incrementAndGet();
        entries.remove(key);
    }

    /** A stream key as a notice's key: account, region and name, space-separated (names and regions hold no space). */
    static final class NoticeKeys {
        private NoticeKeys() {}

        static String of(StreamKey key) {
            return key.scope().accountId() + " " + key.scope().region() + " " + key.name();
        }

        static StreamKey parse(String key) {
            String[] parts = key.split(" ", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a stream notice key: " + key);
            }
            return new StreamKey(new Scope(parts[0], parts[1]), parts[2]);
        }
    }
}
