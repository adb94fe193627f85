package dev.kvsedge.agent.record;

import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Test sources and configurations. */
final class Fixtures {
    static final String STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam-1/1700000000000";
    static final int FPS = 25;

    private Fixtures() {}

    /** 320x240, 25 fps, a key frame each second, 3 s: a recording of 5 s loops it. */
    static Path smallMkv(Path dir) {
        return TestVideo.writeMkv(dir.resolve("source.mkv"), VideoSpec.small());
    }

    static RecordingConfig config(Path dataDir, MediaSource source) {
        return RecordingConfig.of(STREAM, source, dataDir.resolve("media").resolve("cam-1"))
                .withSegmentDuration(Duration.ofSeconds(2))
                .withIoTimeout(Duration.ofSeconds(1))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(400));
    }

    static RecordingConfig config(Path dataDir, MediaSource source, MediaRoom room) {
        return config(dataDir, source).withRoom(room);
    }

    static long partFiles(Path dir) throws java.io.IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(SegmentFiles.PART_SUFFIX)).count();
        }
    }
}
