package dev.kvsedge.agent.record;

import com.sun.management.OperatingSystemMXBean;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (does not assert) what N recordings cost in one JVM: CPU and memory over 20 s after a 5 s warm-up.
 * Runs only when asked:
 * {@code -Dkvsedge.bench.recordings=64 [-Dkvsedge.bench.source=file|rtsp] [-DargLine="-Xmx256m ..."]}. The file
 * source is a 1080p25 MKV (1 s GOPs); the RTSP source is N simulated 1080p cameras in a child JVM, so their cost is
 * not counted here.
 */
@EnabledIfSystemProperty(named = "kvsedge.bench.recordings", matches = "\\d+")
class RecorderDensityBench {
    @TempDir
    Path dir;

    @Test
    void measure() throws Exception {
        int n = Integer.getInteger("kvsedge.bench.recordings");
        String kind = System.getProperty("kvsedge.bench.source", "file");
        Path data = dir.resolve("data");
        List<MediaSource> sources = new ArrayList<>();
        Process cameras = null;
        if (kind.equals("rtsp")) {
            String java = ProcessHandle.current().info().command().orElse("java");
            cameras = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    "dev.kvsedge.agent.record.CamerasInChildProcess", String.valueOf(n)) // needs the camera module
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader urls = new BufferedReader(
                    new InputStreamReader(cameras.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < n; i++) {
                sources.add(MediaSource.rtsp(urls.readLine()));
            }
        } else {
            Path file = TestVideo.writeMkv(dir.resolve("1080p.mkv"), new VideoSpec(1920, 1080, 25, 25, 100));
            for (int i = 0; i < n; i++) {
                sources.add(MediaSource.file(file));
            }
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Recording> recordings = new ArrayList<>();
        try (JdbcSegmentIndex index = JdbcSegmentIndex.open(data)) {
            for (int i = 0; i < n; i++) {
                String arn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam-" + i + "/1";
                RecordingConfig config = RecordingConfig.of(arn, sources.get(i),
                        data.resolve("media").resolve("cam-" + i));
                recordings.add(Recording.start(config, index, null));
            }
            Thread.sleep(5_000);
            long cpu0 = os.getProcessCpuTime();
            long wall0 = System.nanoTime();
            long frames0 = recordings.stream().mapToLong(r -> r.metrics().frames()).sum();
            long maxRss = 0;
            for (int s = 0; s < 20; s++) {
                Thread.sleep(1_000);
                maxRss = Math.max(maxRss, rssKb());
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            long frames = recordings.stream().mapToLong(r -> r.metrics().frames()).sum() - frames0;
            Runtime rt = Runtime.getRuntime();
            long heapUsed = rt.totalMemory() - rt.freeMemory();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            for (Recording r : recordings) {
                r.stop();
            }
            for (Recording r : recordings) {
                r.close();
            }
            long segments = recordings.stream().mapToLong(r -> r.metrics().segments()).sum();
            long bytes = recordings.stream().mapToLong(r -> r.metrics().bytes()).sum();
            long reconnects = recordings.stream().mapToLong(r -> r.metrics().reconnects()).sum();
            System.out.printf("BENCH recordings=%d source=%s cpu=%.1f%% of one core (%.2f%% per recording) "
                    + "fps=%.0f (%.1f per recording) rss_max=%d MB heap_used=%d MB heap_committed=%d MB "
                    + "segments=%d bytes=%d MB reconnects=%d threads=%d%n",
                    n, kind, 100.0 * cpu / wall, 100.0 * cpu / wall / n, frames * 1e9 / wall, frames * 1e9 / wall / n,
                    maxRss / 1024, heapUsed >> 20, rt.totalMemory() >> 20, segments, bytes >> 20, reconnects,
                    threads);
        } finally {
            if (cameras != null) {
                cameras.destroy();
                cameras.waitFor();
            }
        }
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
