package dev.kvsedge.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;

/**
 * The agent as a real process, killed with SIGKILL while it records and uploads, then started again on the same
 * data dir: no fragment is uploaded twice, none is torn, and what is lost is at most the segment being written.
 */
class AgentCrashTest {
    static final String HUB = EdgeFixtures.hub("crash-hub");
    static final String STREAM = "crash-cam";

    @TempDir
    Path dir;

    @Test
    void aKilledAgentResumesWithoutDuplicatesOrTornFragments() throws Exception {
        try (TestServer server = TestServer.start(); KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            TestAgent keys = EdgeFixtures.fileCamera(server, dir, STREAM, HUB);
            Path agentData = dir.resolve("agent");

            AgentProcess first = launch(server, keys, agentData);
            int before = RecordedFragments.await(media, STREAM, 8, Duration.ofSeconds(90));
            first.kill(); // SIGKILL, mid-segment and possibly mid-upload
            Instant killed = Instant.now();

            try (AgentProcess second = launch(server, keys, agentData)) {
                Instant restarted = Instant.now();
                RecordedFragments.await(media, STREAM, before + 12, Duration.ofSeconds(90));
                // The only hole in the recording: the time the agent was dead, plus the segment it was writing (10 s).
                Duration allowed = Duration.between(killed, restarted).plusSeconds(11 + 3);
                RecordedFragments.assertWholeAndUnique(RecordedFragments.of(media, STREAM), allowed);
            }
        }
    }

    private static AgentProcess launch(TestServer server, TestAgent keys, Path dataDir) throws Exception {
        return AgentProcess.start(server.endpoint(), HUB, keys.accessKeyId, keys.secret, dataDir);
    }
}
