package dev.kvsedge.agent.janitor;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DENY_NEW_MEDIA's switch: the janitor closes it for a stream whose local media reached MaxLocalMediaSizeInMB and
 * opens it again once deletions made room. The recorder checks it before starting a segment, and the reconciler
 * does not run a recorder while it is closed.
 */
public final class MediaSpaceGate {
    private final Set<String> denied = ConcurrentHashMap.newKeySet();

    public boolean mayRecord(String streamArn) {
        return !denied.contains(streamArn);
    }

    void set(String streamArn, boolean deny) {
        if (deny) {
            denied.add(streamArn);
        } else {
            denied.remove(streamArn);
        }
    }

    /** Forgets a stream whose configuration is gone. */
    public void clear(String streamArn) {
        denied.remove(streamArn);
    }
}
