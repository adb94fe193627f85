package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.media.mkv.MkvWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideo.model.KinesisVideoException;

/**
 * A server whose data dir (database and media) is a 64 MiB file system of its own, filled to the last byte: media is
 * refused clearly (ERROR 5001 for an upload's fragments, 503 for a new upload) with a line in the log rather than one
 * per fragment, deleting a stream still works after a restart, and its space takes media again within seconds.
 */
class FullDiskTest {
    private static final Duration ACK_WAIT = Duration.ofSeconds(20);
    /** Fragments of about 1 MiB: ten frames of 100 KB (ingest stores them as they come, without decoding). */
    private static final int FRAME_BYTES = 100_000;

    @Test
    void aFullDiskRefusesMediaClearlyAndStillDeletesAfterARestart() throws Exception {
        try (TmpfsDir disk = TmpfsDir.mount(64)) {
            ServerProcess server = ServerProcess.start(disk.path);
            String filler;
            try (KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()).build()) {
                filler = kvs.createStream(r -> r.streamName("filler").dataRetentionInHours(24)).streamARN();
                kvs.createStream(r -> r.streamName("other").dataRetentionInHours(24));

                List<JsonNode> acks = uploadUntilFullAndBeyond(server.url, "filler", 25);
                List<JsonNode> errors = acks.stream().filter(a -> a.path("EventType").asText().equals("ERROR"))
                        .toList();
                assertThat(acks.stream().filter(a -> a.path("EventType").asText().equals("PERSISTED")).count())
                        .as("fragments stored before the disk filled").isGreaterThan(30);
                assertThat(errors).hasSizeGreaterThanOrEqualTo(25)
                        .allSatisfy(e -> assertThat(e.path("ErrorId").asInt()).isEqualTo(5001));
                assertRefusedAsUnavailable(server.url, "filler");
                kvs.createStream(r -> r.streamName("made-while-full").dataRetentionInHours(1));
                assertThat(logLines(server, "\\bWARN\\b"))
                        .as("the log says the disk is full once, not once per fragment")
                        .hasSizeLessThanOrEqualTo(3)
                        .anySatisfy(line -> assertThat(line).contains("data disk is full"));
            }
            server.stop();

            ServerProcess restarted = ServerProcess.start(disk.path);
            try (KinesisVideoClient kvs = restarted.client(KinesisVideoClient.builder()).build()) {
                // After a restart the database's write-ahead log was given back to the disk: an upload must not take it.
                assertRefusedAsUnavailable(restarted.url, "filler");
                kvs.deleteStream(r -> r.streamARN(filler));
                long deleted = System.nanoTime();
                awaitPersisted(restarted.url, "other", Duration.ofSeconds(15));
                assertThat(Duration.ofNanos(System.nanoTime() - deleted))
                        .as("the deleted stream's space reused at once, not at"
                                + " the next minute's sweep")
                        .isLessThan(Duration.ofSeconds(15));
                awaitLogLine(restarted, "has room again"); // the next check of the disk, within a second or two
            } finally {
                restarted.kill();
            }
        }
    }

    @Test
    void aDatabaseWriteOnADiskFilledByAnotherProgramIsARetryable503AndWorksOnceSpaceIsFreed() throws Exception {
        try (TmpfsDir disk = TmpfsDir.mount(64);
                ServerProcess server = ServerProcess.start(disk.path);
                KinesisVideoClient kvs = server.client(KinesisVideoClient.builder()).build()) {
            Path other = disk.fillWithOtherData("other-program-data");
            // The server gives its reserve back within a second; the other program takes that too.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.exists(disk.path.resolve("disk-reserve")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Path more = disk.fillWithOtherData("more-data");
            Map<String, String> tags = IntStream.range(0, 50).boxed().collect(Collectors.toMap(
                    i -> "tag-" + i + "-".repeat(100), i -> "v".repeat(256)));
            KinesisVideoException refused = null;
            for (int i = 0; i < 2000 && refused == null; i++) {
                String name = "stream-" + i;
                refused = catchThrowableOfType(KinesisVideoException.class,
                        () -> kvs.createStream(r -> r.streamName(name).dataRetentionInHours(1).tags(tags)));
            }
            assertThat(refused).as("a write the database has no room for").isNotNull();
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailableException");
            assertThat(refused.awsErrorDetails().errorMessage()).contains("disk").contains("full");

            Files.delete(other);
            Files.delete(more);
            assertThat(kvs.createStream(r -> r.streamName("after").dataRetentionInHours(1)).streamARN())
                    .contains("after");
        }
    }

    /**
     * Uploads 1 MiB fragments one at a time, each acknowledged before the next, until one is refused, then {@code more}
     * fragments; returns every acknowledgement.
     */
    private static List<JsonNode> uploadUntilFullAndBeyond(String url, String stream, int more) {
        try (RawPutMedia upload = RawPutMedia.open(URI.create(url), RawPutMedia.absolute(stream))) {
            assertThat(upload.status()).isEqualTo(200);
            upload.send(TestMkv.header());
            int afterFull = -1;
            for (int i = 0; i < 200 && afterFull < more; i++) {
                long timecode = 1_800_000_000_000L + i * 1000L;
                upload.send(fatCluster(timecode));
                JsonNode outcome = upload.awaitAck(a -> a.path("FragmentTimecode").asLong() == timecode
                        && List.of("PERSISTED", "ERROR").contains(a.path("EventType").asText()), ACK_WAIT);
                if (afterFull >= 0 || outcome.path("EventType").asText().equals("ERROR")) {
                    afterFull++;
                }
            }
            return new ArrayList<>(upload.acks());
        }
    }

    private static byte[] fatCluster(long timecode) {
        List<byte[]> blocks = new ArrayList<>();
        for (int f = 0; f < 10; f++) {
            byte[] frame = new byte[FRAME_BYTES];
            frame[0] = (byte) f;
            blocks.add(MkvWriter.simpleBlock(1, f * 100, f == 0, frame));
        }
        return MkvWriter.cluster(timecode, blocks);
    }

    /** A new upload while the disk is full is refused before its body: 503, which producers and SDKs retry. */
    private static void assertRefusedAsUnavailable(String url, String stream) {
        try (RawPutMedia upload = RawPutMedia.open(URI.create(url), RawPutMedia.absolute(stream))) {
            if (upload.status() == 200) {
                // Not refused: whatever it stores takes the room the database needs, as it did before the reserve.
                upload.send(TestMkv.header());
                for (int i = 0; i < 20; i++) {
                    upload.trySend(fatCluster(1_900_000_000_000L + i * 1000L));
                }
            }
            assertThat(upload.status()).isEqualTo(503);
            assertThat(upload.header("x-amzn-ErrorType")).isEqualTo("ServiceUnavailableException");
            assertThat(upload.errorBody().path("Message").asText()).contains("disk is full");
        }
    }

    private static void awaitPersisted(String url, String stream, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (RawPutMedia upload = RawPutMedia.open(URI.create(url), RawPutMedia.absolute(stream))) {
                if (upload.status() == 200) {
                    upload.send(TestMkv.header()).send(fatCluster(1_800_000_000_000L));
                    upload.awaitAck("PERSISTED", 1_800_000_000_000L, ACK_WAIT);
                    return;
                }
            }
            assertThat(System.nanoTime()).as("an upload accepted in time").isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    private static void awaitLogLine(ServerProcess server, String regex) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (logLines(server, regex).isEmpty()) {
            assertThat(System.nanoTime()).as("a log line matching " + regex).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** The server's log lines in which the regular expression finds a match. */
    private static List<String> logLines(ServerProcess server, String regex) {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(regex);
        return server.output.stream().filter(line -> pattern.matcher(line).find()).toList();
    }
}
