package dev.kvsedge.server.fragments;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/** The fragment index. Lists are ordered by the selector's time, then by number. */
public interface FragmentStore {

    /** Which timestamp a time range selects by. */
    enum TimeKind {
        PRODUCER, SERVER
    }

    /** Indexes a fragment under the number it has. */
    void insert(Fragment fragment);

    /**
     * Indexes new fragments in one transaction (one WAL fsync on SQLite for many), numbering them there: a stream's
     * fragments get, in the order given, numbers above every number the stream had, at least {@code proposed}'s next.
     * A stream's commits take turns (its stream row is locked), so its numbers grow in the order they become visible,
     * across servers sharing the database too, and a reader that follows numbers never passes one committed later.
     * A fragment whose stream is gone is not indexed, nor one whose upload lost the stream to a newer upload (its
     * {@link NewFragment#uploadToken() token} is no longer the stream's: fencing, checked with the row locked).
     *
     * @return in the order given, each fragment as indexed, or empty where its stream no longer exists or its upload
     *     was fenced off
     */
    List<Optional<Fragment>> append(List<NewFragment> fragments, LongSupplier proposed);

    /**
     * Fragments whose {@code kind} timestamp lies in [{@code from}, {@code to}], after the position
     * ({@code afterTime}, {@code afterNumber}) of a previous page (null for the first page).
     */
    List<Fragment> inRange(String streamArn, TimeKind kind, Instant from, Instant to, @Nullable Instant afterTime,
            @Nullable Long afterNumber,
            int limit);

    /** The fragments of the given numbers that exist, in the order asked. */
    List<Fragment> byNumbers(String streamArn, List<Long> numbers);

    /** Fragments with a number above {@code afterNumber} (-1: from the first), in number order. */
    List<Fragment> after(String streamArn, long afterNumber, int limit);

    Optional<Fragment> latest(String streamArn);

    /** How many fragments have a number in [{@code fromNumber}, {@code beforeNumber}). */
    long count(String streamArn, long fromNumber, long beforeNumber);

    /**
     * Fragments to delete at {@code now}: older than their stream's retention, or of a stream that no longer
     * exists.
     */
    List<Fragment> expired(Instant now, int limit);

    void delete(Collection<Fragment> fragments);

    /** Which of the blob keys an index row names. */
    Set<String> knownBlobKeys(Collection<String> blobKeys);
}
