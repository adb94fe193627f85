package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * A fragment sent again, as a producer does after crashing between a PERSISTED and recording it (same stream, same
 * producer timestamp, same bytes), is acknowledged PERSISTED with the number it already has and is not stored twice;
 * a fragment that differs in its bytes at the same timestamp is a new one.
 */
class ResentFragmentTest {
    static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    static TestServer server;
    static KinesisVideoArchivedMediaClient media;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        media = server.archivedMedia();
    }

    @AfterAll
    static void stop() {
        media.close();
        server.close();
    }

    static byte[] cluster(int second, int gop) {
        return TestMkv.cluster(T0.toEpochMilli() + second * 1000L, gop);
    }

    static List<JsonNode> send(String stream, byte[]... clusters) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(TestMkv.header());
        parts.addAll(List.of(clusters));
        return RawPutMedia
                .upload(server.endpoint(), RawPutMedia.absolute(stream), TestMkv.concat(parts.toArray(byte[][]::new)),
                        clusters.length)
                .acks("PERSISTED");
    }

    static List<String> numbers(List<JsonNode> persisted) {
        return persisted.stream().map(a -> a.path("FragmentNumber").asText()).toList();
    }

    @Test
    void aFragmentSentAgainIsAcknowledgedAsTheStoredOneAndNotStoredTwice() throws Exception {
        server.client().createStream(r -> r.streamName("resent").dataRetentionInHours(24));
        long blobsBefore = blobs();
        List<String> first = numbers(send("resent", cluster(0, 0), cluster(1, 1), cluster(2, 2)));

        // The producer crashed after fragment 1's PERSISTED and before it recorded it: it sends 1 and 2 again, then 3.
        List<JsonNode> again = send("resent", cluster(1, 1), cluster(2, 2), cluster(3, 3));
        assertThat(again).extracting(a -> a.path("FragmentTimecode").asLong())
                .containsExactly(T0.toEpochMilli() + 1000, T0.toEpochMilli() + 2000, T0.toEpochMilli() + 3000);
        List<String> second = numbers(again);
        assertThat(second.subList(0, 2)).as("the numbers they already had").containsExactly(first.get(1), first.get(2));
        assertThat(second.get(2)).isNotIn(first);

        List<Fragment> stored = media.listFragments(r -> r.streamName("resent")).fragments();
        assertThat(stored).hasSize(4);
        assertThat(stored).extracting(Fragment::producerTimestamp).doesNotHaveDuplicates();
        assertThat(blobs()).as("no blob left of the copies").isEqualTo(blobsBefore + 4);
    }

    static long blobs() throws Exception {
        Path root = server.dataDir.resolve("media");
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aDifferentFragmentAtTheSameTimestampIsStoredAsANewOne() {
        server.client().createStream(r -> r.streamName("same-time").dataRetentionInHours(24));
        List<String> first = numbers(send("same-time", cluster(0, 0)));
        List<String> other = numbers(send("same-time", cluster(0, 1))); // another GOP, same timecode
        assertThat(other).doesNotContainAnyElementsOf(first);
        assertThat(media.listFragments(r -> r.streamName("same-time")).fragments()).hasSize(2);
        // And the same bytes once more: the first copy, whichever of the two it is.
        assertThat(numbers(send("same-time", cluster(0, 0)))).isEqualTo(first);
        assertThat(media.listFragments(r -> r.streamName("same-time")).fragments()).hasSize(2);
    }

    @Test
    void aRelativeUploadThatLandsAtTheSameTimesIsRecognizedToo() {
        server.client().createStream(r -> r.streamName("relative").dataRetentionInHours(24));
        byte[] body = TestMkv.concat(TestMkv.header(), TestMkv.cluster(0, 0), TestMkv.cluster(1000, 1));
        String start = "1764057600.25"; // the C producers' form of the start timestamp
        List<String> first = numbers(
                RawPutMedia.upload(server.endpoint(), RawPutMedia.relative("relative", start), body, 2)
                        .acks("PERSISTED"));
        List<String> second = numbers(
                RawPutMedia.upload(server.endpoint(), RawPutMedia.relative("relative", start), body, 2)
                        .acks("PERSISTED"));
        assertThat(second).isEqualTo(first);
        assertThat(media.listFragments(r -> r.streamName("relative")).fragments()).hasSize(2);
    }
}
