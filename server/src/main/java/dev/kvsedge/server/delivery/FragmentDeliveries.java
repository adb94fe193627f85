package dev.kvsedge.server.delivery;

import dev.kvsedge.server.delivery.StreamConfigStore.Entry;
import dev.kvsedge.server.fragments.Fragment;
import dev.kvsedge.server.fragments.FragmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers each new fragment of every stream configured for one kind of delivery (images to S3, notifications to
 * SNS), in fragment order, and records in the store how far it got, so a restart neither repeats a delivery nor
 * skips one. A delivery that fails is tried again on a later sweep, after a pause that doubles up to
 * {@link #MAX_PAUSE} for that stream; the fragments after it wait, as AWS keeps a stream's deliveries in order.
 */
public final class FragmentDeliveries {
    private static final Logger LOG = LoggerFactory.getLogger(FragmentDeliveries.class);
    static final int FRAGMENTS_PER_SWEEP = 50;
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    static final Duration MAX_PAUSE = Duration.ofMinutes(1);

    /** Delivers one fragment of a stream configured with {@code entry}; throws to have it tried again later. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(Entry entry, Fragment fragment) throws Exception;
    }

    private record Backoff(Instant until, Duration pause) {}

    private final String kind;
    private final StreamConfigStore configs;
    private final FragmentStore fragments;
    private final Delivery delivery;
    private final Clock clock;
    private final Map<String, Backoff> failing = new ConcurrentHashMap<>();

    public FragmentDeliveries(String kind, StreamConfigStore configs, FragmentStore fragments, Delivery delivery,
            Clock clock) {
        this.kind = kind;
        this.configs = configs;
        this.fragments = fragments;
        this.delivery = delivery;
        this.clock = clock;
    }

    /**
     * Delivers what is due now; returns how many fragments were delivered. Sweeps of this process run one at a time;
     * servers sharing a database each sweep, so a fragment may then be delivered twice (never skipped).
     */
    public synchronized int sweep() {
        int delivered = 0;
        for (Entry entry : configs.enabled(kind)) {
            Backoff backoff = failing.get(entry.streamArn());
            if (backoff != null && clock.instant().isBefore(backoff.until())) {
                continue;
            }
            delivered += deliver(entry, backoff);
        }
        return delivered;
    }

    private int deliver(Entry entry, @Nullable Backoff backoff) {
        List<Fragment> due = fragments.after(entry.streamArn(), entry.lastFragment(), FRAGMENTS_PER_SWEEP);
        int delivered = 0;
        for (Fragment fragment : due) {
            try {
                delivery.deliver(entry, fragment);
            } catch (Exception e) {
                Duration pause = backoff == null ? FIRST_PAUSE : min(backoff.pause().multipliedBy(2), MAX_PAUSE);
                failing.put(entry.streamArn(), new Backoff(clock.instant().plus(pause), pause));
                LOG.warn("{} of fragment {} of {} failed; trying again in {} s: {}", kind, fragment.number(),
                        entry.streamArn(),
                        pause.toSeconds(), e.getMessage());
                return delivered;
            }
            configs.advance(entry.stream(), kind, entry.streamArn(), fragment.number());
            failing.remove(entry.streamArn());
            delivered++;
        }
        return delivered;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
