package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.DescribeEdgeConfigurationResponse;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * {@code kvs-edge up --demo} as a user runs it, a real process: within about a minute the simulated camera's video
 * is recorded by the local agent and uploaded, and the edge configuration shows IN_SYNC with both jobs reporting.
 */
class UpDemoTest {
    private static final Pattern READY = Pattern.compile("kvs-edge ready at (http://\\S+)");

    @TempDir
    Path dataDir;

    @Test
    void theDemoStreamGetsFragmentsWithinAMinuteOrSo() throws Exception {
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), "dev.kvsedge.app.Main", "up", "--demo", "--port", "0",
                "--data-dir", dataDir.toString()).redirectErrorStream(true).start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null;) {
                    output.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            URI endpoint = awaitEndpoint(output, Duration.ofSeconds(60));
            awaitLine(output, "kvs-edge demo: camera rtsp://", Duration.ofSeconds(60));
            assertThat(output).anyMatch(l -> l.startsWith("kvs-edge agent ready for arn:aws:iot:"));
            assertThat(output).anyMatch(l -> l.contains("list-fragments --stream-name demo-camera"));

            try (KinesisVideoArchivedMediaClient media = KinesisVideoArchivedMediaClient.builder()
                    .endpointOverride(endpoint)
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
                    KinesisVideoClient kvs = KinesisVideoClient.builder().endpointOverride(endpoint)
                            .region(Region.US_EAST_1)
                            .httpClient(UrlConnectionHttpClient.create())
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                            .build()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
                List<Fragment> fragments = List.of();
                while (fragments.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(2000);
                    fragments = media.listFragments(r -> r.streamName("demo-camera")).fragments();
                }
                assertThat(fragments)
                        .as("fragments uploaded by the local agent; output:%n%s", String.join("\n", output))
                        .isNotEmpty();
                assertThat(fragments)
                        .allSatisfy(f -> assertThat(f.fragmentLengthInMilliseconds()).isBetween(500L, 10_000L));
                DescribeEdgeConfigurationResponse edge = kvs
                        .describeEdgeConfiguration(r -> r.streamName("demo-camera"));
                assertThat(edge.syncStatusAsString()).isEqualTo("IN_SYNC");
                assertThat(edge.edgeAgentStatus().lastRecorderStatus().recorderStatusAsString()).isEqualTo("SUCCESS");
                assertThat(edge.edgeAgentStatus().lastUploaderStatus().uploaderStatusAsString()).isEqualTo("SUCCESS");
            }
            awaitLine(output, "kvs-edge demo: the first fragment of demo-camera is uploaded; play it",
                    Duration.ofSeconds(30));
            String hls = awaitLine(output, "  HLS:   ffplay '", Duration.ofSeconds(5))
                    .replaceFirst("^  HLS:   ffplay '([^']+)'.*", "$1");
            HttpResponse<String> playlist = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(hls)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(playlist.statusCode()).isEqualTo(200);
            assertThat(playlist.body()).startsWith("#EXTM3U");
            assertThat(awaitLine(output, "  DASH:  ffplay 'http", Duration.ofSeconds(5))).contains("getDASHManifest");
            assertThat(awaitLine(output, "  clip:  ", Duration.ofSeconds(5)))
                    .contains("get-clip --stream-name demo-camera");
            assertThat(awaitLine(output, "kvs-edge demo: live playback trails the camera", Duration.ofSeconds(5)))
                    .contains("upload interval (every minute here)");
        } finally {
            process.destroy(); // SIGTERM: agent, camera, then server stop in order
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        // The agent stops before the camera it records: the camera's end is not reported as a failure.
        reader.join(Duration.ofSeconds(10));
        assertThat(output).noneMatch(l -> l.contains("ended the stream"));
    }

    private static URI awaitEndpoint(List<String> output, Duration timeout) throws InterruptedException {
        String line = awaitLine(output, "kvs-edge ready at ", timeout);
        Matcher m = READY.matcher(line);
        assertThat(m.find()).isTrue();
        return URI.create(m.group(1));
    }

    private static String awaitLine(List<String> output, String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + String.join("\n", output));
    }
}
