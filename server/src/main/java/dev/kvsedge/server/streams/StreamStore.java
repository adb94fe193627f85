package dev.kvsedge.server.streams;

import dev.kvsedge.server.accounts.Scope;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Durable storage of streams and their tags. Each method is one transaction; {@code update} and
 * {@code delete} read, decide and write atomically, so concurrent callers cannot interleave.
 */
public interface StreamStore {

    /** Adds a stream; returns false, changing nothing, when its account and region already have that name. */
    boolean create(Stream stream);

    Optional<Stream> find(StreamKey key);

    /**
     * Streams of one scope ordered by name: names starting with {@code namePrefix} (all when null)
     * and greater than {@code startAfter} (from the first when null), at most {@code limit}.
     */
    List<Stream> list(Scope scope, @Nullable String namePrefix, @Nullable String startAfter, int limit);

    /**
     * Replaces the stream with {@code change} applied to its current value (tags included), in one
     * transaction. {@code change} may throw to abort without a write. Empty when the stream is absent.
     */
    Optional<Stream> update(StreamKey key, UnaryOperator<Stream> change);

    /**
     * Deletes the stream and its tags once {@code check} accepts its current value ({@code check} may
     * throw to abort), in one transaction. Returns false when the stream is absent.
     */
    boolean delete(StreamKey key, Consumer<Stream> check);
}
