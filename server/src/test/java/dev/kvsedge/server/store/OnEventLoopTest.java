package dev.kvsedge.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.server.loop.OnEventLoop;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Work tried where nothing may block stops at its first database call, which never runs; elsewhere it runs. */
class OnEventLoopTest extends DatabaseTestSupport {

    @TempDir
    Path dir;

    @Override
    protected String newDatabaseUrl() {
        return "jdbc:sqlite:" + dir.resolve("kvs-edge.db");
    }

    @Test
    void anAttemptStopsAtItsFirstDatabaseCallWithoutRunningIt() {
        AtomicInteger before = new AtomicInteger();
        AtomicInteger queries = new AtomicInteger();

        Integer result = OnEventLoop.attempt(() -> {
            before.incrementAndGet();
            return db.withConnection(c -> queries.incrementAndGet());
        });

        assertThat(result).isNull();
        assertThat(before).hasValue(1);
        assertThat(queries).hasValue(0);
        Integer written = OnEventLoop.attempt(() -> db.inTransaction(c -> queries.incrementAndGet()));
        assertThat(written).isNull();
        assertThat(queries).hasValue(0);
    }

    @Test
    void workThatNeedsNoDatabaseIsAnsweredAndTheThreadMayBlockAgainAfterwards() {
        assertThat(OnEventLoop.attempt(() -> "answered")).isEqualTo("answered");
        int read = db.withConnection(c -> 42);
        assertThat(read).isEqualTo(42);
        assertThatThrownBy(() -> OnEventLoop.attempt(() -> {
            throw new IllegalStateException("a real failure");
        })).as("a real failure is not taken for would-block").isInstanceOf(IllegalStateException.class);
    }
}
