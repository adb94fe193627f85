package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesisvideo.KinesisVideoClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * PERSISTED means durable: a real server process killed with SIGKILL right after acknowledging fragments, while more
 * are in flight, comes back on the same data dir with every acknowledged fragment listed and readable byte for byte,
 * and nothing half-written in their place.
 */
class IngestCrashTest {
    static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    @Test
    void everyPersistedFragmentSurvivesAKillNine() throws Exception {
        Path dataDir = TestServer.newDataDir();
        int total = 8;
        List<byte[]> clusters = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            clusters.add(TestMkv.cluster(i * 1000L, i));
        }
        List<JsonNode> persisted;
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            URI url = URI.create(server.url);
            try (KinesisVideoClient control = server.client(KinesisVideoClient.builder()).build()) {
                control.createStream(r -> r.streamName("crash").dataRetentionInHours(24));
            }
            RawPutMedia upload = RawPutMedia.open(url, RawPutMedia.relative("crash", START.toString()));
            upload.send(TestMkv.header());
            for (int i = 0; i < 3; i++) {
                upload.send(clusters.get(i));
            }
            upload.awaitAcks("PERSISTED", 3, Duration.ofSeconds(10));
            // More in flight, one of them cut short, then the kill comes with no warning.
            for (int i = 3; i < total - 1; i++) {
                upload.trySend(clusters.get(i));
            }
            byte[] last = clusters.get(total - 1);
            upload.trySend(java.util.Arrays.copyOf(last, last.length / 2));
            server.kill();
            persisted = upload.acks("PERSISTED");
            upload.close();
        }
        assertThat(persisted).hasSizeGreaterThanOrEqualTo(3);

        try (ServerProcess restarted = ServerProcess.start(dataDir);
                KinesisVideoArchivedMediaClient media = restarted.client(KinesisVideoArchivedMediaClient.builder())
                        .build()) {
            Map<String, Fragment> listed = new TreeMap<>();
            media.listFragments(r -> r.streamName("crash")).fragments().forEach(f -> listed.put(f.fragmentNumber(), f));
            for (JsonNode ack : persisted) {
                String number = ack.path("FragmentNumber").asText();
                assertThat(listed).as("acknowledged fragment " + number).containsKey(number);
            }
            // Whatever is listed (acknowledged or not) is whole: the frames of the cluster sent for its time.
            for (Fragment f : listed.values()) {
                int index = (int) Duration.between(START, f.producerTimestamp()).toSeconds();
                byte[] stored = media
                        .getMediaForFragmentListAsBytes(r -> r.streamName("crash").fragments(f.fragmentNumber()))
                        .asByteArray();
                assertThat(MkvTestClusters.payloads(stored)).as("fragment " + index)
                        .containsExactlyElementsOf(MkvTestClusters.payloads(clusters.get(index)));
            }
            assertThat(listed).hasSizeLessThan(total); // the cut one never was
        }
    }
}
