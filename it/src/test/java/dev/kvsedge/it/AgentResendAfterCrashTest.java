package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

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
            KillAtBreakpoint.kill(first, "dev.kvsedge.agent.upload.UploadProgress", "persisted", 3,
                    Duration.ofSeconds(120));
            int before = RecordedFragments.of(media, STREAM).size();
            assertThat(before).isGreaterThanOrEqualTo(3);

            try (AgentProcess second = AgentProcess.start(server.endpoint(), HUB, keys.accessKeyId, keys.secret,
                    agentData)) {
                // The segment that was being uploaded is uploaded again from the last fragment the agent wrote down.
                RecordedFragments.await(media, STREAM, before + 12, Duration.ofSeconds(90));
                List<Fragment> stored = RecordedFragments.of(media, STREAM);
                assertThat(stored).extracting(Fragment::producerTimestamp).as("each fragment once")
                        .doesNotHaveDuplicates();
                assertThat(stored).allSatisfy(f -> assertThat(f.fragmentLengthInMilliseconds()).isEqualTo(1000L));
            }
        }
    }
}
