package dev.kvsedge.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;
import software.amazon.awssdk.services.kinesisvideo.model.SyncStatus;

/** The plain API, without JUnit's help: what TestNG, Spock or a main use. */
class KvsEdgeTest {

    @Test
    void aServerRunsUntilClosedAndLeavesNothingBehind() throws IOException {
        Path dataDir;
        int port;
        try (KvsEdge kvsEdge = KvsEdge.start()) {
            dataDir = kvsEdge.dataDir();
            port = kvsEdge.endpoint().getPort();
            kvsEdge.kinesisVideo().createStream(r -> r.streamName("short-lived"));
            assertThat(dataDir).isDirectory();
        }
        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void theAccountAndRegionAreThoseOfTheOptions() {
        try (KvsEdge kvsEdge = KvsEdge.builder().accountId("111122223333").region("eu-west-1").start()) {
            String arn = kvsEdge.kinesisVideo().createStream(r -> r.streamName("s")).streamARN();

            assertThat(arn).startsWith("arn:aws:kinesisvideo:eu-west-1:111122223333:stream/s/");
            assertThat(kvsEdge.hubDeviceArn("hub")).isEqualTo("arn:aws:iot:eu-west-1:111122223333:thing/hub");
        }
    }

    @Test
    void withCredentialsOfItsOwnTheServerRefusesTheTestPair() {
        try (KvsEdge kvsEdge = KvsEdge.builder().credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG").start()) {
            assertThat(kvsEdge.kinesisVideo().listStreams(r -> {}).streamInfoList()).isEmpty();

            try (KinesisVideoClient testPair = KinesisVideoClient.builder().endpointOverride(kvsEdge.endpoint())
                    .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                    .credentialsProvider(
                            () -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))
                    .build()) {
                assertThatThrownBy(() -> testPair.listStreams(r -> {})).isInstanceOf(KinesisVideoException.class)
                        .satisfies(e -> assertThat(((KinesisVideoException) e).statusCode()).isEqualTo(403));
            }
        }
    }

    @Test
    void anEdgeConfigurationWithoutAgentFailsAfterTheSyncTimeoutOnTheServersClock() {
        MovableClock clock = new MovableClock();
        try (KvsEdge kvsEdge = KvsEdge.builder().syncTimeout(Duration.ofSeconds(30)).clock(clock).start()) {
            String secretArn = kvsEdge.secretsManager()
                    .createSecret(r -> r.name("cam").secretString("{\"MediaURI\":\"rtsp://c/1\"}")).arn();
            kvsEdge.kinesisVideo().createStream(r -> r.streamName("cam").dataRetentionInHours(24));
            kvsEdge.kinesisVideo().startEdgeConfigurationUpdate(r -> r.streamName("cam")
                    .edgeConfig(EdgeConfigs.recording(kvsEdge.hubDeviceArn("no-agent"), secretArn)));
            assertThat(syncStatus(kvsEdge)).isEqualTo(SyncStatus.SYNCING);

            clock.advance(Duration.ofSeconds(31));
            kvsEdge.sweepEdgeDeadlines();

            assertThat(syncStatus(kvsEdge)).isEqualTo(SyncStatus.SYNC_FAILED);
        }
    }

    @Test
    void aDataFolderOfTheTestsOwnIsKept(@TempDir Path folder) {
        try (KvsEdge kvsEdge = KvsEdge.builder().dataDir(folder).start()) {
            kvsEdge.kinesisVideo().createStream(r -> r.streamName("kept"));
        }
        assertThat(folder.resolve("kvs-edge.db")).isRegularFile();
        try (KvsEdge again = KvsEdge.builder().dataDir(folder).start()) {
            assertThat(again.kinesisVideo().describeStream(r -> r.streamName("kept")).streamInfo().streamName())
                    .isEqualTo("kept");
        }
    }

    @Test
    void aClosedServerSaysSo() {
        KvsEdge kvsEdge = KvsEdge.start();
        kvsEdge.close();
        assertThatThrownBy(kvsEdge::endpoint).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(Files.exists(kvsEdge.dataDir())).isFalse();
    }

    private static SyncStatus syncStatus(KvsEdge kvsEdge) {
        return kvsEdge.kinesisVideo().describeEdgeConfiguration(r -> r.streamName("cam")).syncStatus();
    }
}
