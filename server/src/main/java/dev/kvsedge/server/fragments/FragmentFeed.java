package dev.kvsedge.server.fragments;

import dev.kvsedge.server.cluster.NoticeListener;
import dev.kvsedge.server.cluster.Notices;
import dev.kvsedge.server.cluster.Topic;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Wakes live readers (GetMedia, LIVE playlists) when a stream indexes a fragment, on whichever node of the cluster it
 * was uploaded ({@link Topic#FRAGMENTS} notices), so a tail never polls the database in a loop.
 */
public final class FragmentFeed {
    private final ConcurrentMap<String, Object> monitors = new ConcurrentHashMap<>();
    private final Notices notices;

    /** A feed of this node alone. */
    public FragmentFeed() {
        this(Notices.alone());
    }

    public FragmentFeed(Notices notices) {
        this.notices = notices;
        notices.subscribe(Topic.FRAGMENTS, new NoticeListener() {
            @Override
            public void changed(String streamArn) {
                wake(streamArn);
            }

            @Override
            public void catchUp() {
                monitors.keySet().forEach(FragmentFeed.this::wake);
            }
        });
    }

    /** Tells the stream's readers on every node that it indexed fragments; call it after they committed. */
    public void published(String streamArn) {
        notices.publish(Topic.FRAGMENTS, streamArn);
    }

    private void wake(String streamArn) {
        Object monitor = monitors.get(streamArn);
        if (monitor != null) {
            synchronized (monitor) {
                monitor.notifyAll();
            }
        }
    }

    /**
     * Waits until the stream publishes or {@code timeout} passes. Callers check the store before and after:
     * a publication between their check and this wait is caught by the bounded wait.
     */
    public void await(String streamArn, Duration timeout) throws InterruptedException {
        Object monitor = monitors.computeIfAbsent(streamArn, k -> new Object());
        synchronized (monitor) {
            TimeUnit.MILLISECONDS.timedWait(monitor, Math.max(1, timeout.toMillis()));
        }
    }
}
