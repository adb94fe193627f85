package dev.kvsedge.camera;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures (does not assert) what N cameras with a client each cost: runs {@link CameraLoad}, which prints CPU,
 * bandwidth and memory. Runs only when asked:
 * {@code ./mvnw -pl media,camera test -Dtest=CameraLoadBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dkvsedge.bench.cameras=64 [-Dkvsedge.bench.seconds=10] [-Dkvsedge.bench.size=1920x1080]}. That many cameras
 * serving their clients is checked by {@link ManyCamerasTest}.
 */
@EnabledIfSystemProperty(named = "kvsedge.bench.cameras", matches = "\\d+")
class CameraLoadBench {
    @Test
    void measure() throws Exception {
        int[] size = CameraOptions.parseSize(System.getProperty("kvsedge.bench.size", "1920x1080"));
        System.out.println(CameraLoad.run(Integer.getInteger("kvsedge.bench.cameras"),
                Duration.ofSeconds(Integer.getInteger("kvsedge.bench.seconds", 10)), size[0], size[1], 25));
    }
}
