package dev.kvsedge.server.cluster;

/** What a subscriber to a {@link Topic} does with its notices. */
public interface NoticeListener {

    /** Something named {@code key} changed, on this node or another. */
    void changed(String key);

    /**
     * Notices may have been missed (this node's link to the database broke and is back): anything may have changed.
     * Waiters re-read the rows, caches are dropped.
     */
    void catchUp();
}
