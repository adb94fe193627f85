package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.camera.CameraOptions;
import dev.kvsedge.camera.SimulatedCamera;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.model.MediaUriType;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;

/**
 * An agent process recording a camera that asks for a password keeps no copy of that password in its data dir: not
 * in configs.json (the camera URI is sealed under the hub's key file), not in the segment index or its WAL, not in
 * the segments; nor in its log. Started again with the server gone, it still records from what it sealed.
 */
class AgentSecretsAtRestTest {
    static final String HUB = EdgeFixtures.hub("sealed-hub");
    static final String STREAM = "sealed-cam";

    @TempDir
    Path dir;

    @Test
    void noFileOfTheAgentHoldsTheCameraPasswordAndItRecordsOfflineAfterARestart() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        Path agentData = dir.resolve("agent");
        CameraOptions options = CameraOptions.anyPort().withSize(160, 120).withFps(25).withGop(25)
                .withCredentials("admin", password);
        try (SimulatedCamera camera = SimulatedCamera.start(options)) {
            List<Path> logs = new ArrayList<>();
            URI endpoint;
            TestAgent keys;
            try (TestServer server = TestServer.start();
                    KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
                endpoint = server.endpoint();
                keys = EdgeFixtures.camera(server, STREAM, HUB, camera.urlWithCredentials(), MediaUriType.RTSP_URI);
                try (AgentProcess agent = AgentProcess.start(endpoint, HUB, keys.accessKeyId, keys.secret, agentData)) {
                    logs.add(agent.log);
                    // Fragments on the server: the agent opened the camera with its password, recorded, indexed, uploaded.
                    RecordedFragments.await(media, STREAM, 1, Duration.ofSeconds(120));
                    assertThat(agentData.resolve("segments.db-wal")).as("the segment index's WAL, scanned too")
                            .exists();
                    assertNowhere(agentData, password);
                }
                assertNowhere(agentData, password);
            }

            // The server is gone: started again, the agent records from the camera URI it sealed.
            Set<String> before = segments(agentData);
            try (AgentProcess offline = AgentProcess.start(endpoint, HUB, keys.accessKeyId, keys.secret, agentData)) {
                logs.add(offline.log);
                awaitNewSegments(agentData, before, 2, Duration.ofSeconds(120));
                assertNowhere(agentData, password);
            }
            assertNowhere(agentData, password);
            assertThat(agentData.resolve("agent.key")).exists();
            for (Path log : logs) {
                assertThat(Files.readString(log)).doesNotContain(password);
            }
        }
    }

    /** Every regular file under the data dir, read whole, searched for the password's bytes. */
    private static void assertNowhere(Path dataDir, String password) throws IOException {
        byte[] needle = password.getBytes(StandardCharsets.UTF_8);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("configs.json", "segments.db");
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (NoSuchFileException goneMeanwhile) { // a part file renamed, an uploaded segment deleted
                continue;
            }
            assertThat(SecretsAtRestTest.contains(content, needle)).as("the password in %s", file).isFalse();
        }
    }

    /** The names of the segments in the data dir (uploaded ones are deleted, so a count would not do). */
    private static Set<String> segments(Path dataDir) throws IOException {
        try (Stream<Path> walk = Files.walk(dataDir)) {
            return walk.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".mkv"))
                    .collect(Collectors.toSet());
        }
    }

    private static void awaitNewSegments(Path dataDir, Set<String> before, int count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> made = new HashSet<>();
        while (made.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        made.size() + " new segments, not " + count + ", " + timeout + " after a start offline");
            }
            segments(dataDir).stream().filter(name -> !before.contains(name)).forEach(made::add);
            Thread.sleep(200);
        }
    }
}
