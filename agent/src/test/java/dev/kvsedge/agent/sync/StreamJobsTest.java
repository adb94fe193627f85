package dev.kvsedge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.kvsedge.agent.config.HeldConfig;
import dev.kvsedge.agent.config.StreamDirectories;
import dev.kvsedge.agent.janitor.Janitor;
import dev.kvsedge.agent.record.MediaRoom;
import dev.kvsedge.agent.segments.JdbcSegmentIndex;
import dev.kvsedge.agent.status.AgentMetrics;
import dev.kvsedge.agent.status.JobStatus;
import dev.kvsedge.agent.time.ManualTime;
import dev.kvsedge.agent.upload.PutMediaEndpoint;
import dev.kvsedge.agent.upload.SegmentClaims;
import dev.kvsedge.agent.upload.UploadProgress;
import dev.kvsedge.media.testing.TestVideo;
import dev.kvsedge.media.testing.VideoSpec;
import dev.kvsedge.model.edge.EdgeShapes.DeletionConfig;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.LocalSizeConfig;
import dev.kvsedge.model.edge.EdgeShapes.MediaSourceConfig;
import dev.kvsedge.model.edge.EdgeShapes.RecorderConfig;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import dev.kvsedge.model.edge.EdgeShapes.UploaderConfig;
import dev.kvsedge.model.sigv4.SigV4Signer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream's recorder and uploader follow their schedules on an injected clock: hours pass in milliseconds. */
class StreamJobsTest {
    private static final String STREAM = "arn:aws:kinesisvideo:us-east-1:123456789012:stream/cam/1700000000000";
    private static final Instant MIDNIGHT = Instant.parse("2026-11-26T00:00:00Z");

    @TempDir
    Path dir;
    private final ManualTime clock = new ManualTime(MIDNIGHT);
    private final FakeRecorders recorders = new FakeRecorders(clock);
    private final AgentMetrics metrics = new AgentMetrics();
    private JdbcSegmentIndex index;
    private Jobs jobs;

    @BeforeEach
    void open() throws IOException {
        index = JdbcSegmentIndex.open(dir);
        jobs = jobs(Duration.ZERO);
    }

    /** Jobs whose janitor sweeps every {@code janitorEvery} (every tick when zero). */
    private Jobs jobs(Duration janitorEvery) throws IOException {
        UploadProgress progress = UploadProgress.open(dir);
        SegmentClaims claims = new SegmentClaims();
        // Nothing listens there: every upload attempt fails at once, which the test counts.
        PutMediaEndpoint nowhere = new PutMediaEndpoint(URI.create("http://127.0.0.1:" + TestKvs.freePort()),
                new SigV4Signer("test", "test", Clock.systemUTC()), "us-east-1");
        return new Jobs(new JobServices(clock, clock, index, claims, progress, nowhere, recorders,
                new Janitor(index, claims, progress, metrics), metrics, janitorEvery, Duration.ofSeconds(5)));
    }

    @AfterEach
    void close() {
        jobs.close();
        index.close();
    }

    private StreamPlan plan(ScheduleConfig recorder, ScheduleConfig uploader, DeletionConfig deletion) {
        EdgeConfig config = new EdgeConfig("arn:aws:iot:us-east-1:123456789012:thing/hub",
                new RecorderConfig(
                        new MediaSourceConfig("arn:aws:secretsmanager:us-east-1:123456789012:secret:cam-AbCdEf",
                                "RTSP_URI"),
                        recorder),
                uploader == null ? null : new UploaderConfig(uploader), deletion);
        HeldConfig held = new HeldConfig(STREAM, "cam", config, "IN_SYNC", HeldConfig.Applied.APPLIED, null,
                "rtsp://10.0.0.5/live");
        return StreamPlan.of(held, ZoneOffset.UTC, new StreamDirectories(dir));
    }

    private void at(String isoTime) {
        clock.advanceTo(Instant.parse(isoTime));
        jobs.tick();
    }

    @Test
    void theRecorderRunsForTheDurationFromEachFireTime() {
        jobs.run(plan(new ScheduleConfig("0 0/10 * * * ?", 60), null, null));
        assertThat(recorders.running()).as("at midnight, a fire time").isEqualTo(1);

        at("2026-11-26T00:00:59.999Z");
        assertThat(recorders.running()).isEqualTo(1);
        at("2026-11-26T00:01:00Z");
        assertThat(recorders.running()).isZero();
        at("2026-11-26T00:09:59Z");
        assertThat(recorders.running()).isZero();
        assertThat(jobs.statuses().getFirst().recorder().details()).contains("2026-11-26T00:10:00Z");
        at("2026-11-26T00:10:00Z");
        assertThat(recorders.running()).isEqualTo(1);
        assertThat(recorders.started).hasSize(2);
        assertThat(recorders.started.getFirst().directory()).isEqualTo(new StreamDirectories(dir).of(STREAM));
    }

    @Test
    void withoutAScheduleTheRecorderRunsAlwaysAndARecorderThatGaveUpIsReplacedAfterAPause() {
        jobs.run(plan(null, null, null));
        assertThat(recorders.running()).isEqualTo(1);
        recorders.recordings.getFirst().die();

        at("2026-11-26T00:00:01Z");
        assertThat(recorders.running()).isZero();
        assertThat(jobs.statuses().getFirst().recorder().kind()).isEqualTo(JobStatus.Kind.SYSTEM_ERROR);
        at("2026-11-26T00:00:05.999Z");
        assertThat(recorders.running()).isZero();
        at("2026-11-26T00:00:06Z");
        assertThat(recorders.running()).isEqualTo(1);
        assertThat(jobs.statuses().getFirst().recorder().kind()).isEqualTo(JobStatus.Kind.SUCCESS);
    }

    @Test
    void theRecorderIsGivenItsStreamsRoomUnderTheSizeCap() throws IOException {
        jobs.run(plan(null, null, new DeletionConfig(1, new LocalSizeConfig(1, "DENY_NEW_MEDIA"), false)));
        Path file = Files.write(Files.createDirectories(dir.resolve("media")).resolve("some.mkv"), new byte[1]);
        index.add(STREAM, file, MIDNIGHT.minusSeconds(10), MIDNIGHT, 1000);

        MediaRoom room = recorders.started.getFirst().room();
        assertThat(room.forNewSegment()).isEqualTo(1024 * 1024 - 1000);
        assertThat(room.limit()).isEqualTo("MaxLocalMediaSizeInMB 1, StrategyOnFullSize DENY_NEW_MEDIA");
    }

    @Test
    void theUploaderTriesOnlyInsideItsWindowAndBacksOffAfterAFailure() throws Exception {
        assumeThat(TestVideo.available()).isTrue();
        jobs.run(plan(new ScheduleConfig("0 0 12 * * ?", 60), new ScheduleConfig("0 0 3 * * ?", 600), null));
        Path file = TestVideo.writeMkv(Files.createDirectories(dir.resolve("media")).resolve("seg.mkv"),
                VideoSpec.small());
        index.add(STREAM, file, MIDNIGHT, MIDNIGHT.plusSeconds(3), Files.size(file));

        at("2026-11-26T02:59:59Z");
        Thread.sleep(200);
        assertThat(metrics.total(AgentMetrics.UPLOAD_FAILURES)).isZero();

        at("2026-11-26T03:00:00Z");
        awaitFailures(1);
        at("2026-11-26T03:00:00.500Z");
        Thread.sleep(200);
        assertThat(metrics.total(AgentMetrics.UPLOAD_FAILURES)).as("backing off for a second").isEqualTo(1);
        at("2026-11-26T03:00:01.500Z");
        awaitFailures(2);
        assertThat(jobs.statuses().getFirst().uploader().kind()).isEqualTo(JobStatus.Kind.SYSTEM_ERROR);

        at("2026-11-26T03:10:00Z"); // the window closed
        Thread.sleep(200);
        assertThat(metrics.total(AgentMetrics.UPLOAD_FAILURES)).isEqualTo(2);
        assertThat(index.pending(STREAM, 10)).hasSize(1);
    }

    @Test
    void theJanitorAndARecorderRestartWaitOnTheTickerSoAWallClockStepBackDoesNotStallThem() throws IOException {
        jobs.close();
        jobs = jobs(Duration.ofSeconds(10));
        jobs.run(plan(null, null, new DeletionConfig(720, null, true)));
        recorders.recordings.getFirst().die();
        at("2026-11-26T00:00:01Z");
        assertThat(recorders.running()).as("the recorder gave up; a new one in 5 s").isZero();
        Path file = Files.write(Files.createDirectories(dir.resolve("media")).resolve("done.mkv"), new byte[10]);
        index.markUploaded(index.add(STREAM, file, MIDNIGHT, MIDNIGHT.plusSeconds(1), 10).id());

        clock.step(Duration.ofHours(-1)); // NTP sets the clock back an hour
        clock.advance(Duration.ofSeconds(10));
        jobs.tick();

        assertThat(recorders.running()).as("restarted 10 s later, whatever the wall clock says").isEqualTo(1);
        assertThat(index.all(STREAM)).as("swept 10 s after the last sweep: the uploaded segment is gone").isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void anUploadRetryWaitsOnTheTickerSoAWallClockStepBackDoesNotStallIt() throws Exception {
        assumeThat(TestVideo.available()).isTrue();
        jobs.run(plan(null, null, null));
        Path file = TestVideo.writeMkv(Files.createDirectories(dir.resolve("media")).resolve("seg.mkv"),
                VideoSpec.small());
        index.add(STREAM, file, MIDNIGHT, MIDNIGHT.plusSeconds(3), Files.size(file));
        at("2026-11-26T00:30:00Z");
        awaitFailures(1); // the next try 1 s later

        clock.step(Duration.ofMinutes(-20)); // still inside the hourly uploader window
        clock.advance(Duration.ofMillis(1_500));
        awaitFailures(2);
    }

    @Test
    void theSamePlanKeepsTheJobsAndAChangedOneRestartsThem() {
        jobs.run(plan(null, null, null));
        jobs.run(plan(null, null, null));
        assertThat(recorders.started).hasSize(1);

        jobs.run(plan(null, new ScheduleConfig("0 0 3 * * ?", 600), null));
        assertThat(recorders.started).hasSize(2);
        assertThat(recorders.running()).isEqualTo(1);

        jobs.stop(STREAM);
        assertThat(recorders.running()).isZero();
        assertThat(jobs.running()).isEmpty();
    }

    private void awaitFailures(long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        // Until the run that failed has ended too: it sets its retry time after counting the failure.
        while (metrics.total(AgentMetrics.UPLOAD_FAILURES) < n || jobs.gauges().getFirst().uploading()) {
            assertThat(System.nanoTime()).as("waiting for %s upload failures", n).isLessThan(deadline);
            Thread.sleep(10);
            jobs.tick();
        }
    }
}
