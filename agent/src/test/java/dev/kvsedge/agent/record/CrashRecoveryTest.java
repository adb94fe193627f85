package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.media.testing.Probe;
import dev.kvsedge.media.testing.TestVideo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed agent leaves, and what the next start makes of it. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void encoderPresent() {
        assumeTrue(TestVideo.available(), "FFmpeg's H.264 encoder is needed to make test video");
    }

    @Test
    void aKilledRecordingLeavesOnlyItsPartFileWhichTheNextStartDeletes() throws Exception {
        Path data = dir.resolve("data");
        Path source = Fixtures.smallMkv(dir);
        Path segmentDir = Fixtures.config(data, MediaSource.file(source)).segmentDir();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RecordInChildProcess.class.getName(), data.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            // Killed mid-segment: two complete segments and one part file, 300 ms into its 1 s.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count(segmentDir, ".mkv") < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(300);
        } finally {
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(count(segmentDir, ".mkv")).as(Files.readString(dir.resolve("child.log"))).isGreaterThanOrEqualTo(2);
        assertThat(count(segmentDir, ".part")).isEqualTo(1);

        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            List<Segment> indexed = index.all(Fixtures.STREAM);
            assertThat(indexed).hasSize((int) count(segmentDir, ".mkv"));
            for (Segment s : indexed) {
                assertThat(s.file().getFileName().toString()).endsWith(".mkv");
                assertThat(Probe.file(s.file()).video().decodeErrors()).isZero();
            }
            // The next start cleans up before recording.
            Recording recording = Recording.start(Fixtures.config(data, MediaSource.file(source)), index, null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (recording.metrics().frames() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            recording.close();
            assertThat(count(segmentDir, ".part")).isZero();
            assertThat(index.all(Fixtures.STREAM)).hasSize(indexed.size() + 1).containsAll(indexed);
        }
    }

    @Test
    void aCompleteSegmentLeftUnindexedIsIndexedAgainAtStart() throws Exception {
        Path data = dir.resolve("data");
        MediaSource source = MediaSource.file(Fixtures.smallMkv(dir));
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            try (Recording recording = Recording.start(Fixtures.config(data, source), index, null)) {
                Thread.sleep(2_500);
            }
            List<Segment> before = index.all(Fixtures.STREAM);
            Segment lost = before.get(0);
            index.remove(lost.id()); // as if the agent died between the rename and the insert

            Recording recording = Recording.start(Fixtures.config(data, source), index, null);
            recording.close();
            Segment recovered = index.all(Fixtures.STREAM).stream().filter(s -> s.file().equals(lost.file()))
                    .findFirst().orElseThrow();
            assertThat(recovered.start()).isEqualTo(lost.start());
            assertThat(recovered.end()).isEqualTo(lost.end());
            assertThat(recovered.sizeBytes()).isEqualTo(lost.sizeBytes());
            assertThat(recovered.uploaded()).isFalse();
        }
    }

    private static long count(Path dir, String suffix) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }
}
