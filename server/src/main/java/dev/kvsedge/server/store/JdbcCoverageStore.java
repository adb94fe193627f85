package dev.kvsedge.server.store;

import dev.kvsedge.server.timeline.CoverageStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;

/** {@link CoverageStore} over the table {@code fragments}, through its index on (stream_arn, producer_ms). */
public final class JdbcCoverageStore implements CoverageStore {
    private static final String SCAN = "SELECT producer_ms, duration_ms, blob_size - header_length FROM fragments"
            + " WHERE stream_arn = ? AND producer_ms >= ? AND producer_ms < ? ORDER BY producer_ms";
    /** Rows fetched per round trip on PostgreSQL (SQLite steps through the result anyway). */
    private static final int FETCH = 5000;

    private final Database db;

    public JdbcCoverageStore(Database db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void scan(String streamArn, Instant from, Instant to, FragmentSink sink) {
        // PostgreSQL streams a result only inside a transaction (else it reads it whole into memory); on SQLite a
        // transaction would take the write lock (BEGIN IMMEDIATE), and its results are stepped through anyway.
        boolean streamed = db.dialect() == Database.Dialect.POSTGRESQL;
        db.withConnection(c -> {
            if (streamed) {
                c.setAutoCommit(false);
            }
            try (PreparedStatement select = c.prepareStatement(SCAN)) {
                select.setFetchSize(FETCH);
                select.setString(1, streamArn);
                select.setLong(2, from.toEpochMilli());
                select.setLong(3, to.toEpochMilli());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next() && sink.accept(rs.getLong(1), rs.getLong(2), rs.getLong(3))) {
                        // the sink keeps what it needs
                    }
                }
            } finally {
                if (streamed) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
            return null;
        });
    }
}
