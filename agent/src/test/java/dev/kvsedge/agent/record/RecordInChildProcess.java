package dev.kvsedge.agent.record;

import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import java.nio.file.Path;
import java.time.Duration;

/** Records a file until killed: run in a child JVM by {@link CrashRecoveryTest}, which kills it mid-segment. */
public final class RecordInChildProcess {
    private RecordInChildProcess() {}

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        MediaSource source = MediaSource.file(Path.of(args[1]));
        JdbcSegmentIndex index = JdbcSegmentIndex.open(data);
        Recording.start(Fixtures.config(data, source).withSegmentDuration(Duration.ofSeconds(1)), index, null);
        Thread.sleep(Long.MAX_VALUE);
    }
}
