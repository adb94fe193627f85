package dev.kvsedge.agent.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Statuses go to the server at once when they change, now and then when they do not, and again after a failed report. */
class StatusReporterTest {
    private static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    private final AtomicReference<List<StreamStatus>> current = new AtomicReference<>(List.of());
    private final List<String> sent = new ArrayList<>();
    private final AtomicBoolean serverDown = new AtomicBoolean();
    private final StatusReporter reporter = new StatusReporter(current::get, (arn, recorder, uploader) -> {
        if (serverDown.get()) {
            throw new java.io.IOException("Connection refused");
        }
        sent.add(arn + " " + recorder.kind() + " " + uploader.kind());
    }, 10);

    private static StreamStatus status(String arn, JobStatus.Kind recorder, Instant at) {
        return new StreamStatus(arn, new JobStatus(recorder, recorder.name(), at), JobStatus.success("idle", at));
    }

    @Test
    void aChangeIsReportedAtOnceAndAnUnchangedStatusOnlyEveryInterval() throws Exception {
        current.set(List.of(status("a", JobStatus.Kind.SUCCESS, T)));
        assertThat(reporter.check()).isEqualTo(1);
        current.set(List.of(status("a", JobStatus.Kind.SUCCESS, T.plusSeconds(1)))); // a new time alone is no change
        for (int i = 1; i < 10; i++) {
            assertThat(reporter.check()).isZero();
        }
        assertThat(reporter.check()).as("the interval is up").isEqualTo(1);

        current.set(List.of(status("a", JobStatus.Kind.USER_ERROR, T.plusSeconds(2))));
        assertThat(reporter.check()).isEqualTo(1);
        assertThat(sent).containsExactly("a SUCCESS SUCCESS", "a SUCCESS SUCCESS", "a USER_ERROR SUCCESS");
    }

    @Test
    void aFailedReportIsTriedAgainOnTheNextCheck() throws Exception {
        current.set(List.of(status("a", JobStatus.Kind.SUCCESS, T)));
        serverDown.set(true);
        assertThat(reporter.check()).isZero();
        serverDown.set(false);
        assertThat(reporter.check()).isEqualTo(1);
    }

    @Test
    void detailsLongerThanTheLimitAreCut() {
        JobStatus status = JobStatus.systemError("x".repeat(5000), T);
        assertThat(status.details()).hasSize(JobStatus.MAX_DETAILS);
    }
}
