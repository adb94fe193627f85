package dev.kvsedge.server.cluster;

/**
 * Which node of the cluster runs a named background job now: on PostgreSQL the node that holds the job's advisory
 * lock (taken on its own connection, released by PostgreSQL when that node dies or loses its connection, so another
 * node takes over within seconds); alone on SQLite, always this node.
 */
@FunctionalInterface
public interface Leadership {

    /** A single node leads every job. */
    Leadership ALONE = job -> true;

    /**
     * Whether this node runs {@code job} now. Asking also makes this node a candidate: a job no node holds is taken at
     * the next try (within a few seconds), so a first answer may be false.
     */
    boolean leads(String job);
}
