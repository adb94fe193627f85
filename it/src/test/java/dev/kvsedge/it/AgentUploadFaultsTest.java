package dev.kvsedge.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.upload.PutMediaEndpoint;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.StreamUploader;
import dev.kvsedge.agent.upload.UploadProgress;
import dev.kvsedge.it.FaultProxy.Cut;
import dev.kvsedge.it.FaultProxy.CutAfterAcks;
import dev.kvsedge.it.FaultProxy.Fault;
import dev.kvsedge.it.FaultProxy.Hook;
import dev.kvsedge.it.FaultProxy.LateBody;
import dev.kvsedge.it.FaultProxy.LoseAcks;
import dev.kvsedge.it.FaultProxy.Slow;
import dev.kvsedge.model.sigv4.SigV4Signer;
import dev.kvsedge.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.KinesisVideoArchivedMediaClient;
import software.amazon.awssdk.services.kinesisvideoarchivedmedia.model.Fragment;

/**
 * The agent's uploader against a bad network and its own deaths: a proxy between it and the server delays, cuts
 * connections mid-body (at a byte, or once some fragments were acknowledged), loses the acknowledgements of what the server stored, delivers a timed-out attempt's body
 * late, and the agent is killed mid-upload (its uploader stopped and the agent's state reopened from disk, as a new
 * process would). When the uploads are through, the stream holds every recorded fragment exactly once: no
 * duplicate, no hole.
 */
class AgentUploadFaultsTest {
    static final int SEGMENTS = 6;
    static final int FRAGMENTS_PER_SEGMENT = 6;
    /** Short, so the stalls cost little; a stall is longer. A slow machine only makes more attempts, not failures. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(2);
    static final Duration STALL = Duration.ofSeconds(3);
    static final int MAX_RUNS = 60;

    @TempDir
    Path dir;

    @Test
    void uploadsThroughStallsCutsLateBodiesAndKillsStoreEachFragmentOnce() throws Exception {
        try (TestServer server = TestServer.start(ServerConfig.defaults().withMetricsPort(0));
                KinesisVideoArchivedMediaClient media = server.archivedMedia()) {
            String arn = server.client().createStream(r -> r.streamName("faults").dataRetentionInHours(24)).streamARN();
            Path agentDir = Files.createDirectories(dir.resolve("agent"));
            Instant recorded = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            List<Instant> expected = new ArrayList<>();
            long mediaBytes = 0;
            try (JdbcSegmentIndex index = JdbcSegmentIndex.open(agentDir)) {
                for (int s = 0; s < SEGMENTS; s++) {
                    Instant start = recorded.plusSeconds((long) s * FRAGMENTS_PER_SEGMENT);
                    Path file = segment(agentDir.resolve("segment-" + s + ".mkv"), start, expected);
                    index.add(arn, file, start, start.plusSeconds(FRAGMENTS_PER_SEGMENT), Files.size(file));
                    mediaBytes += Files.size(file);
                }
            }
            long segmentBytes = mediaBytes / SEGMENTS;
            AtomicReference<StreamUploader> running = new AtomicReference<>();
            Runnable kill = () -> running.get().stop();

            try (FaultProxy proxy = FaultProxy.start(server.endpoint(), plan(segmentBytes, kill))) {
                PutMediaEndpoint endpoint = new PutMediaEndpoint(proxy.endpoint(),
                        new SigV4Signer("test", "test", Clock.systemUTC()),
                        "us-east-1", ACK_TIMEOUT);
                int runs = 0;
                int kills = 0;
                boolean drained = false;
                while (!drained && runs < MAX_RUNS) {
                    runs++;
                    // Each run is a fresh agent: index and upload progress read back from disk.
                    try (JdbcSegmentIndex index = JdbcSegmentIndex.open(agentDir)) {
                        StreamUploader uploader = new StreamUploader(arn, index, new SegmentClaims(),
                                UploadProgress.open(agentDir),
                                endpoint, Clock.systemUTC(), new AgentMetrics());
                        running.set(uploader);
                        StreamUploader.RunEnd end = uploader.runUntil(Instant.MAX);
                        drained = end == StreamUploader.RunEnd.DRAINED;
                        kills += end == StreamUploader.RunEnd.STOPPED ? 1 : 0;
                    }
                }

                assertThat(drained).as("every segment uploaded within %d runs", MAX_RUNS).isTrue();
                assertThat(proxy.unused()).as("every planned fault happened").isZero();
                List<Fragment> stored = RecordedFragments.of(media, "faults");
                double persistedAcks = MetricsPage.scrape(server.server.metricsUrl().orElseThrow())
                        .series().get("kvs_edge_ingest_fragments_total");
                System.out.printf(
                        "fault campaign: %d runs, %d kills, %d connections, %.2f x the media bytes delivered, "
                                + "%d PERSISTED acks for %d fragments stored (%d expected)%n",
                        runs, kills, proxy.connections(),
                        proxy.delivered() / (double) mediaBytes, (long) persistedAcks, stored.size(), expected.size());
                assertThat(kills).as("kills during uploads").isEqualTo(2);
                assertThat(stored).extracting(Fragment::producerTimestamp).as("each fragment once, none missing")
                        .containsExactlyElementsOf(expected);
            }
        }
    }

    /** One fault per connection in turn, then a clean network. */
    private static List<Fault> plan(long segmentBytes, Runnable kill) {
        Duration slow = Duration.ofMillis(20);
        return List.of(
                new Slow(slow),
                new CutAfterAcks(2),
                new Cut(segmentBytes * 4 / 10),
                new LoseAcks(segmentBytes * 6 / 10, STALL),
                new LateBody(segmentBytes / 2),
                new Hook(segmentBytes * 3 / 10, kill),
                new Cut(segmentBytes * 8 / 10),
                new Slow(slow),
                new LoseAcks(segmentBytes / 5, STALL),
                new LateBody(segmentBytes * 7 / 10),
                new Hook(segmentBytes * 6 / 10, kill),
                new CutAfterAcks(4),
                new Cut(segmentBytes / 10));
    }

    /** A segment file as the recorder writes it: the header, then one-second clusters timed in epoch milliseconds. */
    private static Path segment(Path file, Instant start, List<Instant> expected) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        parts.add(TestMkv.header());
        for (int i = 0; i < FRAGMENTS_PER_SEGMENT; i++) {
            Instant at = start.plusSeconds(i);
            parts.add(TestMkv.cluster(at.toEpochMilli(), i));
            expected.add(at);
        }
        return Files.write(file, TestMkv.concat(parts.toArray(byte[][]::new)));
    }
}
