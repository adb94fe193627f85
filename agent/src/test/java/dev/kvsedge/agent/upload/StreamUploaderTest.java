package dev.kvsedge.agent.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.segments.Segment;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.status.JobStatus;
import dev.kvsedge.agent.sync.TestKvs;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments uploaded with PutMedia to a real server, read back with ListFragments. */
class StreamUploaderTest {
    private static TestKvs kvs;
    private static PutMediaEndpoint endpoint;

    @TempDir
    Path dir;
    private JdbcSegmentIndex index;
    private UploadProgress progress;
    private final SegmentClaims claims = new SegmentClaims();
    private final AgentMetrics metrics = new AgentMetrics();
    /** Recording times an hour ago, on whole milliseconds as MKV keeps them. */
    private final Instant recorded = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startServer(@TempDir Path serverDir) {
        kvs = TestKvs.start(serverDir, 0);
        endpoint = new PutMediaEndpoint(kvs.endpoint(), new SigV4Signer("test", "test", Clock.systemUTC()),
                TestKvs.REGION,
                Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopServer() {
        kvs.close();
    }

    @BeforeEach
    void open() throws IOException {
        assumeThat(TestVideo.available()).as("the H.264 encoder").isTrue();
        index = JdbcSegmentIndex.open(dir);
        progress = UploadProgress.open(dir);
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }

    private Segment add(String streamArn, Path file, Instant start, int seconds) throws IOException {
        return index.add(streamArn, file, start, start.plusSeconds(seconds), Files.size(file));
    }

    private StreamUploader uploader(String streamArn) {
        return new StreamUploader(streamArn, index, claims, progress, endpoint, Clock.systemUTC(), metrics);
    }

    private static List<Instant> producerTimes(List<JsonNode> fragments) {
        return fragments.stream()
                .map(f -> Instant.ofEpochMilli(
                        new BigDecimal(f.path("ProducerTimestamp").asText()).movePointRight(3).longValue()))
                .sorted().toList();
    }

    @Test
    void segmentsLandAtTheirRecordingTimesWhetherTheirTimecodesAreRelativeOrAbsolute() throws Exception {
        String arn = kvs.createStream("porch");
        Path relative = TestSegments.relative(dir.resolve("a.mkv"), 3);
        Instant secondStart = recorded.plusSeconds(10);
        Path absolute = TestSegments.absolute(relative, dir.resolve("b.mkv"), secondStart.toEpochMilli());
        add(arn, relative, recorded, 3);
        add(arn, absolute, secondStart, 3);

        assertThat(uploader(arn).runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.DRAINED);

        assertThat(index.pending(arn, 10)).isEmpty();
        assertThat(index.all(arn)).allMatch(Segment::uploaded);
        List<Long> timecodes = TestSegments.timecodes(relative);
        assertThat(timecodes).hasSize(3);
        List<Instant> expected = new java.util.ArrayList<>();
        for (Instant start : List.of(recorded, secondStart)) {
            timecodes.forEach(tc -> expected.add(start.plusMillis(tc - timecodes.getFirst())));
        }
        assertThat(producerTimes(kvs.listFragments("porch"))).containsExactlyElementsOf(expected);
        assertThat(metrics.get(AgentMetrics.FRAGMENTS_PERSISTED, Map.of("stream", arn))).isEqualTo(6);
        assertThat(metrics.get(AgentMetrics.SEGMENTS_UPLOADED, Map.of("stream", arn))).isEqualTo(2);
    }

    @Test
    void anInterruptedUploadResumesAfterTheLastPersistedFragmentWithoutDuplicates() throws Exception {
        String arn = kvs.createStream("yard");
        Path file = TestSegments.relative(dir.resolve("yard.mkv"), 5);
        Segment segment = add(arn, file, recorded, 5);
        List<Long> timecodes = TestSegments.timecodes(file);
        assertThat(timecodes).hasSize(5);

        // The agent dies before sending the third cluster, once the first two are PERSISTED.
        SegmentUpload crashing = new SegmentUpload(endpoint, progress, (s, i) -> {
            if (i == 2) {
                awaitProgress(segment, timecodes.get(1));
                throw new IOException("simulated crash");
            }
        });
        StreamUploader first = new StreamUploader(arn, index, claims, progress, crashing, Clock.systemUTC(), metrics);
        assertThat(first.runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.FAILED);
        assertThat(first.status().kind()).isEqualTo(JobStatus.Kind.SYSTEM_ERROR);
        assertThat(index.pending(arn, 10)).singleElement().extracting(Segment::id).isEqualTo(segment.id());
        assertThat(kvs.listFragments("yard")).hasSize(2);

        // A new agent process: the progress comes back from disk.
        progress = UploadProgress.open(dir);
        assertThat(progress.persistedUpTo(segment)).hasValue(timecodes.get(1));
        assertThat(uploader(arn).runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.DRAINED);

        List<Instant> expected = timecodes.stream().map(tc -> recorded.plusMillis(tc - timecodes.getFirst())).toList();
        assertThat(producerTimes(kvs.listFragments("yard"))).containsExactlyElementsOf(expected);
        assertThat(index.all(arn)).singleElement().extracting(Segment::uploaded).isEqualTo(true);
        assertThat(UploadProgress.open(dir).persistedUpTo(segment)).isEmpty();
    }

    @Test
    void aSegmentWhollyPersistedBeforeACrashIsMarkedUploadedWithoutSendingAgain() throws Exception {
        String arn = kvs.createStream("gate");
        Path file = TestSegments.relative(dir.resolve("gate.mkv"), 2);
        Segment segment = add(arn, file, recorded, 2);
        progress.persisted(segment, TestSegments.timecodes(file).getLast());

        assertThat(uploader(arn).runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.DRAINED);

        assertThat(index.pending(arn, 10)).isEmpty();
        assertThat(kvs.listFragments("gate")).isEmpty();
    }

    @Test
    void anUploadToAMissingStreamIsAUserErrorAndTheSegmentWaits() throws Exception {
        String arn = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/no-such-stream/1700000000000";
        Path file = TestSegments.relative(dir.resolve("x.mkv"), 1);
        add(arn, file, recorded, 1);

        StreamUploader uploader = uploader(arn);
        assertThat(uploader.runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.FAILED);

        assertThat(uploader.status().kind()).isEqualTo(JobStatus.Kind.USER_ERROR);
        assertThat(uploader.status().details()).contains("ResourceNotFoundException");
        assertThat(index.pending(arn, 10)).hasSize(1);
    }

    @Test
    void credentialsTheServerRefusesAreAUserErrorSayingSoNotAnInterruption() throws Exception {
        String arn = kvs.createStream("locked");
        add(arn, TestSegments.relative(dir.resolve("l.mkv"), 1), recorded, 1);
        PutMediaEndpoint unknownKey = new PutMediaEndpoint(kvs.endpoint(), new SigV4Signer("KVSEUNKNOWNKEY", "nope",
                Clock.systemUTC()), TestKvs.REGION, Duration.ofSeconds(10));

        StreamUploader uploader = new StreamUploader(arn, index, claims, progress, unknownKey, Clock.systemUTC(),
                metrics);
        assertThat(uploader.runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.FAILED);

        assertThat(uploader.status().kind()).isEqualTo(JobStatus.Kind.USER_ERROR);
        assertThat(uploader.status().details()).startsWith("The server refused to take the segment")
                .contains("403 UnrecognizedClientException", "the agent's credentials").doesNotContain("interrupted");
        assertThat(index.pending(arn, 10)).hasSize(1);
    }

    @Test
    void aClaimedSegmentIsLeftAloneAndTheWindowEndStopsTheRun() throws Exception {
        String arn = kvs.createStream("shed");
        Segment busy = add(arn, TestSegments.relative(dir.resolve("s1.mkv"), 1), recorded, 1);
        claims.tryClaim(busy.id());

        assertThat(uploader(arn).runUntil(Instant.MAX)).isEqualTo(StreamUploader.RunEnd.DRAINED);
        assertThat(index.pending(arn, 10)).hasSize(1);

        claims.release(busy.id());
        assertThat(uploader(arn).runUntil(Instant.now().minusSeconds(1))).isEqualTo(StreamUploader.RunEnd.DEADLINE);
        assertThat(index.pending(arn, 10)).hasSize(1);
        assertThat(kvs.listFragments("shed")).isEmpty();
    }

    private void awaitProgress(Segment segment, long timecode) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (progress.persistedUpTo(segment).orElse(-1) < timecode) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no PERSISTED for timecode " + timecode);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
    }
}
