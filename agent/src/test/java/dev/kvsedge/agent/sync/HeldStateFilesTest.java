package dev.kvsedge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.agent.config.HeldConfig;
import dev.kvsedge.agent.config.MediaUris;
import dev.kvsedge.agent.config.SavedConfigs;
import dev.kvsedge.model.ApiJson;
import dev.kvsedge.model.StartupException;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.MediaSourceConfig;
import dev.kvsedge.model.edge.EdgeShapes.RecorderConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent keeps between runs, and what it reads out of a camera secret. */
class HeldStateFilesTest {
    @TempDir
    Path dir;

    private static HeldConfig held() {
        EdgeConfig config = new EdgeConfig("arn:aws:iot:us-east-1:123456789012:thing/hub",
                new RecorderConfig(
                        new MediaSourceConfig("arn:aws:secretsmanager:us-east-1:123456789012:secret:cam-AbCdEf",
                                "RTSP_URI"),
                        null),
                null, null);
        return new HeldConfig("arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1700000000000", "cam", config,
                "IN_SYNC",
                HeldConfig.Applied.APPLIED, null, "rtsp://u:p@10.0.0.5/live");
    }

    @Test
    void savedConfigurationsComeBackEqualAndTheirFileIsOwnerOnly() throws Exception {
        SavedConfigs saved = SavedConfigs.open(dir);
        assertThat(saved.load()).isEmpty();
        saved.save(List.of(held()));

        assertThat(SavedConfigs.open(dir).load()).containsExactly(held());
        assertThat(Files.readString(saved.file())).contains("\"MediaUriSecretArn\"", "\"Applied\" : \"APPLIED\"");
        assertThat(Files.getPosixFilePermissions(saved.file())).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(held().toString()).doesNotContain("u:p@");
    }

    @Test
    void theCameraUriIsSealedOnDiskUnderAnOwnerOnlyKeyFileMadeOnFirstStart() throws Exception {
        SavedConfigs.open(dir).save(List.of(held()));

        assertThat(Files.readString(dir.resolve(SavedConfigs.FILE_NAME))).doesNotContain("u:p@", "10.0.0.5")
                .contains("aes-gcm:");
        assertThat(Files.getPosixFilePermissions(dir.resolve(SavedConfigs.KEY_FILE))).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }

    @Test
    void aFileInClearFromAnOlderAgentIsReadAndSealedAtOnce() throws Exception {
        // What agents wrote before sealing: the configurations as they are, URI included.
        Files.write(dir.resolve(SavedConfigs.FILE_NAME), ApiJson.mapper().writeValueAsBytes(List.of(held())));

        assertThat(SavedConfigs.open(dir).load()).singleElement()
                .satisfies(h -> assertThat(h.mediaUri()).isEqualTo("rtsp://u:p@10.0.0.5/live"));
        assertThat(Files.readString(dir.resolve(SavedConfigs.FILE_NAME))).doesNotContain("u:p@").contains("aes-gcm:");
        assertThat(SavedConfigs.open(dir).load()).singleElement()
                .satisfies(h -> assertThat(h.mediaUri()).isEqualTo("rtsp://u:p@10.0.0.5/live"));
    }

    @Test
    void aUriSealedUnderAnotherKeyIsForgottenAndTheConfigurationAppliedAgain() throws Exception {
        SavedConfigs.open(dir).save(List.of(held()));
        Files.delete(dir.resolve(SavedConfigs.KEY_FILE));

        assertThat(SavedConfigs.open(dir).load()).singleElement().satisfies(h -> {
            assertThat(h.mediaUri()).isNull();
            assertThat(h.applied()).isEqualTo(HeldConfig.Applied.PENDING);
            assertThat(h.runs()).isFalse();
        });
    }

    @Test
    void aKeyFileThatIsNotAKeyStopsTheStartWithOneLineNamingIt() throws Exception {
        Files.writeString(dir.resolve(SavedConfigs.KEY_FILE), "c2VjcmV0\n");

        assertThatThrownBy(() -> SavedConfigs.open(dir)).isInstanceOf(StartupException.class)
                .hasMessageContaining(SavedConfigs.KEY_FILE).hasMessageNotContaining("c2VjcmV0");
    }

    @Test
    void aSaveGoesThroughOnAnInterruptedThread() throws Exception {
        // The agent interrupts its sync thread to stop it; what that thread decided last must still reach the disk.
        Thread.currentThread().interrupt();
        try {
            SavedConfigs.open(dir).save(List.of(held()));
        } finally {
            assertThat(Thread.interrupted()).isTrue();
        }
        assertThat(SavedConfigs.open(dir).load()).containsExactly(held());
    }

    @Test
    void anUnreadableFileIsMovedAsideAndTheAgentStartsWithNone() throws Exception {
        Files.writeString(dir.resolve(SavedConfigs.FILE_NAME), "{not json");

        assertThat(SavedConfigs.open(dir).load()).isEmpty();
        assertThat(dir.resolve(SavedConfigs.FILE_NAME + ".unreadable")).hasContent("{not json");
    }

    @Test
    void theCameraUriIsTheSecretsMediaUriOrTheWholeString() {
        assertThat(MediaUris.fromSecretString("{\"MediaURI\":\"rtsp://u:p@10.0.0.5:554/s1\"}", "RTSP_URI"))
                .isEqualTo(URI.create("rtsp://u:p@10.0.0.5:554/s1"));
        assertThat(MediaUris.fromSecretString("  rtsps://10.0.0.5/s1 \n", "RTSP_URI"))
                .isEqualTo(URI.create("rtsps://10.0.0.5/s1"));
        assertThat(MediaUris.fromSecretString("{\"MediaURI\":\"file:///videos/a.mkv\"}", "FILE_URI"))
                .isEqualTo(URI.create("file:///videos/a.mkv"));
    }

    @Test
    void aSecretWithoutAUsableUriIsAUserErrorThatNeverQuotesTheValue() {
        assertThatThrownBy(() -> MediaUris.fromSecretString("{\"Uri\":\"rtsp://u:pw@h/\"}", "RTSP_URI"))
                .hasMessage("The camera secret's JSON has no MediaURI string.");
        assertThatThrownBy(() -> MediaUris.fromSecretString("{\"MediaURI\":\"http://u:pw@h/\"}", "RTSP_URI"))
                .hasMessageContaining("does not fit the MediaUriType RTSP_URI").hasMessageNotContaining("pw");
        assertThatThrownBy(() -> MediaUris.fromSecretString("rtsp://u:pw@h/", "FILE_URI"))
                .hasMessageNotContaining("pw");
        assertThatThrownBy(() -> MediaUris.fromSecretString("", "RTSP_URI"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
