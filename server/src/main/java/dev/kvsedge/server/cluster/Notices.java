package dev.kvsedge.server.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every node of the cluster that something changed, so waiting long-polls and live tails wake and caches forget
 * at once on every node, not at their next timeout. A notice is a hint, never the data: whoever receives one reads the
 * rows, which are the truth. A notice published here reaches this node's listeners at once and, through the
 * {@link Relay} (PostgreSQL NOTIFY), the other nodes'; alone on SQLite there is no relay.
 *
 * <p>Listeners run on the publisher's thread (local) or the relay's (remote): they must be quick and never block.
 */
public final class Notices {
    private static final Logger LOG = LoggerFactory.getLogger(Notices.class);

    /** Carries notices to the other nodes: PostgreSQL NOTIFY, heard back through LISTEN. */
    @FunctionalInterface
    public interface Relay {
        /** Sends one notice; a failure is the relay's to log, the rows stay the truth. */
        void send(NodeId from, Topic topic, String key);
    }

    private final NodeId node;
    private final Map<Topic, List<NoticeListener>> listeners = new ConcurrentHashMap<>();
    private volatile Relay relay = (from, topic, key) -> {};
    private volatile boolean hearing = true;

    public Notices(NodeId node) {
        this.node = node;
    }

    /** A board for one node alone (SQLite, tests): notices reach only this node's listeners. */
    public static Notices alone() {
        return new Notices(NodeId.random());
    }

    public NodeId node() {
        return node;
    }

    public void relayThrough(Relay newRelay) {
        this.relay = newRelay;
    }

    public void subscribe(Topic topic, NoticeListener listener) {
        listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Tells this node's listeners now, and the other nodes' through the relay. Call it after the change committed. */
    public void publish(Topic topic, String key) {
        deliver(topic, key);
        relay.send(node, topic, key);
    }

    /** A notice another node published, as the relay heard it; this node's own come back too and are skipped. */
    public void received(NodeId from, Topic topic, String key) {
        if (!from.equals(node)) {
            deliver(topic, key);
        }
    }

    /**
     * Whether this node hears every other node's notices now: false while its link to the database is down. A cache
     * that relies on notices to forget (agent keys) must not be trusted meanwhile.
     */
    public boolean hearing() {
        return hearing;
    }

    /** The relay lost its link: notices may be missed until it is back; every listener catches up now. */
    public void linkLost() {
        hearing = false;
        catchUp();
    }

    /** The relay hears again: every listener catches up on what it may have missed. */
    public void linkRestored() {
        hearing = true;
        catchUp();
    }

    private void catchUp() {
        listeners.values().forEach(list -> list.forEach(listener -> {
            try {
                listener.catchUp();
            } catch (RuntimeException e) {
                LOG.warn("a notice listener failed to catch up", e);
            }
        }));
    }

    private void deliver(Topic topic, String key) {
        for (NoticeListener listener : listeners.getOrDefault(topic, List.of())) {
            try {
                listener.changed(key);
            } catch (RuntimeException e) {
                LOG.warn("a listener of {} notices failed", topic, e);
            }
        }
    }
}
