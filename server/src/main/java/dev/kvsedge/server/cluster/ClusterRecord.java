package dev.kvsedge.server.cluster;

import java.io.IOException;

/** The cluster's one row in the database: its id and where its media is. */
public interface ClusterRecord {

    /** What the database records of the cluster. */
    record Recorded(String clusterId, String mediaStore, boolean marked) {}

    /** Decides, with the cluster's row locked, what to record; may throw to refuse. */
    @FunctionalInterface
    interface Claim {
        Recorded decide(Recorded current) throws IOException;
    }

    /**
     * In one transaction: reads the cluster's row, making it from {@code first} when there is none, locks it, and
     * records what {@code claim} decides. Two nodes starting at once take turns.
     */
    Recorded claim(Recorded first, Claim claim) throws IOException;
}
