package dev.kvsedge.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A short run of {@link CameraLoad}: prints what 16 cameras with a client each cost. Not a timed assertion (the
 * machine is shared); run {@code CameraLoad}'s main for the density numbers (64 cameras at 1080p).
 */
class CameraLoadTest {
    @Test
    void sixteenCamerasWithAClientEach() throws Exception {
        String report = CameraLoad.run(16, Duration.ofSeconds(5), 640, 480, 25);
        System.out.println(report);
        assertThat(report).contains("16 clients playing");
    }
}
