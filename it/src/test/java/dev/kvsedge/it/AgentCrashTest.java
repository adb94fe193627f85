package dev.kvsedge.it;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

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
                RecordedFragments.await(media, STREAM, before + 12, Duration.ofSeconds(90));
                // The only hole in the recording: from the segment the agent was writing (10 s, ending at a key frame)
                // to the first frame the new agent recorded, however long it took to start on a busy machine.
                List<Fragment> fragments = RecordedFragments.of(media, STREAM);
                Instant resumed = fragments.stream().map(Fragment::producerTimestamp).filter(t -> t.isAfter(killed))
                        .findFirst().orElseThrow();
                Duration allowed = Duration.between(killed, resumed).plusSeconds(11 + 1);
                RecordedFragments.assertWholeAndUnique(fragments, allowed);
            }
        }
    }

    private static AgentProcess launch(TestServer server, TestAgent keys, Path dataDir) throws Exception {
        return AgentProcess.start(server.endpoint(), HUB, keys.accessKeyId, keys.secret, dataDir);
    }
}
