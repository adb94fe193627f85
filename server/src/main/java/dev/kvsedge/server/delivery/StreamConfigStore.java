package dev.kvsedge.server.delivery;

import dev.kvsedge.server.streams.StreamKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of what a stream is configured to deliver (its image generation, its notifications): one entry
 * per stream and kind, deleted with its stream, with the number of the last fragment delivered.
 */
public interface StreamConfigStore {

    /**
     * @param config the configuration as given, in its API shape as JSON
     * @param lastFragment the last fragment number delivered (or to skip), -1 before any
     */
    record Entry(StreamKey stream, String streamArn, String kind, String config, boolean enabled, long lastFragment) {}

    Optional<Entry> find(StreamKey stream, String kind);

    /** Adds or replaces the entry of its stream and kind; false, changing nothing, when the stream no longer exists. */
    boolean put(Entry entry, Instant now);

    /** Removes the entry; false when there was none. */
    boolean delete(StreamKey stream, String kind);

    /** The enabled entries of a kind, of every account and region. */
    List<Entry> enabled(String kind);

    /** Records that fragments up to {@code lastFragment} were delivered, if the entry is still the stream's of that ARN. */
    void advance(StreamKey stream, String kind, String streamArn, long lastFragment);
}
