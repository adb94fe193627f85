package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;

/**
 * The agent killed at the worst instant for duplicates: a fragment is PERSISTED on the server, and the agent dies
 * before it records so (SIGKILL on entering UploadProgress.persisted, through a debugger breakpoint: no test hook in
 * the agent). Started again, it sends that fragment once more; the server acknowledges it as the one it has, and the
 * stream holds every fragment once.
 */
class AgentResendAfterCrashTest {
    static final String HUB = EdgeFixtures.hub("resend-hub");
    static final String STREAM = "resend-cam";

    @TempDir
    Path dir;

    @Test
    void aFragmentPersistedJustBeforeTheAgentDiedIsNotStoredTwice() throws Exception {
        try (TestServer server = TestServer.start(); KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            TestAgent keys = EdgeFixtures.fileCamera(server, dir, STREAM, HUB);
            Path agentData = dir.resolve("agent");

            AgentProcess first = AgentProcess.start(server.endpoint(), HUB, keys.accessKeyId, keys.secret, agentData,
                    List.of(KillAtBreakpoint.DEBUG_AGENT));
            // The third fragment is PERSISTED, the agent is about to write that down: it dies.
            KillAtBreakpoint.kill(first, "dev.kvsedge.agent.upload.UploadProgress", "persisted", 3, Duration.ofSeconds(120));
            Instant killed = Instant.now();
            int before = RecordedFragments.of(media, STREAM).size();
            assertThat(before).isGreaterThanOrEqualTo(3);

            try (AgentProcess second = AgentProcess.start(server.endpoint(), HUB, keys.accessKeyId, keys.secret, agentData)) {
                Instant restarted = Instant.now();
                RecordedFragments.await(media, STREAM, before + 12, Duration.ofSeconds(90));
                Duration allowed = Duration.between(killed, restarted).plusSeconds(11 + 3);
                RecordedFragments.assertWholeAndUnique(RecordedFragments.of(media, STREAM), allowed);
            }
        }
    }
}
