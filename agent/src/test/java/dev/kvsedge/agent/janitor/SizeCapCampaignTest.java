package dev.kvsedge.agent.janitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kvsedge.agent.record.MediaSource;
import dev.kvsedge.agent.record.RecorderStatus;
import dev.kvsedge.agent.record.Recording;
import dev.kvsedge.agent.record.RecordingConfig;
import dev.kvsedge.agent.record.RecordingListener;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.time.ManualTime;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size-cap campaign as a repeatable test: a camera of about 100 KB/s recorded for a minute under a 1 MB cap.
 * Looked at every 100 ms of recording, the stream's folder (complete segments and the one being written) never
 * holds more than the cap, with either strategy; DENY_NEW_MEDIA then pauses, DELETE_OLDEST_MEDIA goes on.
 */
class SizeCapCampaignTest {
    private static final String STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/capped/1700000000000";
    private static final long CAP = DeletionRules.MB;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"DENY_NEW_MEDIA", "DELETE_OLDEST_MEDIA"})
    void theLocalMediaNeverPassesTheCap(String strategy) throws Exception {
        assumeThat(TestVideo.available()).as("the H.264 encoder").isTrue();
        Path camera = TestVideo.writeMkv(dir.resolve("camera.mkv"), new VideoSpec(640, 480, 25, 25, 100));
        ManualTime time = new ManualTime(Instant.parse("2026-11-26T12:00:00Z"));
        Path folder = dir.resolve("data/media/capped");
        List<Long> indexedBytes = new CopyOnWriteArrayList<>();
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(dir.resolve("data"))) {
            Janitor janitor = new Janitor(index, new SegmentClaims(), UploadProgress.open(dir.resolve("data")),
                    new AgentMetrics());
            StreamRoom room = new StreamRoom(STREAM, DeletionRules.of(new DeletionConfig(720,
                    new LocalSizeConfig(1, strategy), false)), index, janitor);
            RecordingConfig config = RecordingConfig.of(STREAM, MediaSource.file(camera), folder)
                    .withSegmentDuration(Duration.ofSeconds(2)).withRoom(room).withClock(time).withTicker(time);
            Recording recording = Recording.start(config, index, new RecordingListener() {
                @Override
                public void segmentIndexed(Segment segment) {
                    indexedBytes.add(index.bytes(STREAM));
                }
            });
            try {
                for (int step = 0; step < 600; step++) {
                    time.runUntil(time.elapsed().plusMillis(100));
                    assertThat(time.awaitLimit(Duration.ofSeconds(30))).isTrue();
                    assertThat(bytesIn(folder)).as("the stream's folder after %s ms", time.elapsed().toMillis())
                            .isLessThanOrEqualTo(CAP);
                }
                assertThat(indexedBytes).as("segments were completed").hasSizeGreaterThan(5)
                        .allSatisfy(b -> assertThat(b).isLessThanOrEqualTo(CAP));
                List<Segment> kept = index.all(STREAM);
                if (strategy.equals("DENY_NEW_MEDIA")) {
                    assertThat(recording.status().status()).isEqualTo(RecorderStatus.Status.USER_ERROR);
                    assertThat(recording.status().details()).startsWith("Recording is paused")
                            .contains("MaxLocalMediaSizeInMB 1, StrategyOnFullSize DENY_NEW_MEDIA");
                    assertThat(index.bytes(STREAM)).as("filled up to the cap").isGreaterThan(CAP * 8 / 10);
                    assertThat(kept.getFirst().start()).as("the first segment kept")
                            .isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
                } else {
                    assertThat(recording.status().details()).startsWith("Recording file:");
                    assertThat(kept.getFirst().start()).as("the oldest deleted")
                            .isAfter(Instant.parse("2026-11-26T12:00:30Z"));
                    assertThat(kept.getLast().end()).as("still recording").isAfter(time.instant().minusSeconds(3));
                }
            } finally {
                recording.close();
            }
            assertThat(bytesIn(folder)).isLessThanOrEqualTo(CAP);
        }
    }

    /** Bytes of every file in the stream's folder: complete segments and the part file being written. */
    private static long bytesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // deleted while listed
                }
            }).sum();
        }
    }
}
