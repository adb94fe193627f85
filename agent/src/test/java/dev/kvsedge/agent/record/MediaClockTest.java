package dev.kvsedge.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.agent.time.ManualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recording times under wall clock steps: increasing, spaced as the camera spaced them, true to the clock forward. */
class MediaClockTest {
    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final long FRAME = 40_000_000L; // 25 fps
    private static final int GOP = 25;

    private final ManualTime time = new ManualTime(T0);
    private final MediaClock clock = new MediaClock(time, time, "test");
    private long media;

    /** Frames as a camera sends them: one every 40 ms of real time; returns their recording times (epoch ns). */
    private List<Long> frames(int n) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times.add(clock.timeOf(media, FRAME, media / FRAME % GOP == 0));
            media += FRAME;
            time.advance(Duration.ofNanos(FRAME));
        }
        return times;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static void assertSpacedByFrames(List<Long> times) {
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("frame %d", i).isEqualTo(FRAME);
        }
    }

    @Test
    void withoutStepsTimesAreTheWallClocksAndSpacedAsEncoded() {
        List<Long> times = frames(250);
        assertThat(times.getFirst()).isEqualTo(nanos(T0));
        assertSpacedByFrames(times);
        assertThat(times.getLast()).isEqualTo(nanos(T0) + 249 * FRAME);
    }

    @Test
    void aStepBackKeepsTimesGoingOnAtTheirPaceAheadOfTheClock() {
        for (Duration back : List.of(Duration.ofSeconds(-10), Duration.ofHours(-1))) {
            List<Long> before = frames(60);
            long aheadBefore = before.getLast() + FRAME - nanos(time.instant());
            time.step(back);
            List<Long> after = frames(500); // 20 s, across 20 key frames
            List<Long> all = new ArrayList<>(before);
            all.addAll(after);
            assertSpacedByFrames(all);
            assertThat(after.getLast() + FRAME - nanos(time.instant())).as("ahead of the stepped clock by the step")
                    .isEqualTo(aheadBefore - back.toNanos());
        }
    }

    @Test
    void aStepForwardIsFollowedAtTheNextKeyFrameAsAGap() {
        List<Long> before = frames(30); // the last key frame was frame 25
        time.step(Duration.ofHours(1));
        List<Long> after = frames(50);
        assertSpacedByFrames(before);
        // Frames 30..49 stay on the old time line; the key frame at 50 (the 21st frame after) jumps to the clock.
        assertSpacedByFrames(after.subList(0, 20));
        assertThat(after.get(20)).isEqualTo(nanos(T0) + 50 * FRAME + Duration.ofHours(1).toNanos());
        assertSpacedByFrames(after.subList(20, 50));
    }

    @Test
    void afterAStepBackTimesMeetTheClockAgainOnlyAfterAPauseLongerThanTheyAreAhead() {
        frames(50);
        time.step(Duration.ofSeconds(-10));
        List<Long> ahead = frames(50);

        clock.reset(); // the camera reconnects after 4 s: still ahead, so the time line goes on after the last frame
        time.advance(Duration.ofSeconds(4));
        List<Long> reconnected = frames(50);
        assertThat(reconnected.getFirst()).isEqualTo(ahead.getLast() + FRAME);

        clock.reset(); // after 20 s: the clock has passed the last frame, and the time line is the clock's again
        time.advance(Duration.ofSeconds(20));
        List<Long> again = frames(50);
        assertThat(again.getFirst()).isEqualTo(nanos(time.instant()) - 50 * FRAME).isGreaterThan(reconnected.getLast());
    }

    @Test
    void aNewRecordingStartsAfterTheStreamsLatestSegment() {
        long latestEnd = nanos(T0) + Duration.ofMinutes(5).toNanos(); // recorded before a step back and a restart
        clock.notBefore(latestEnd);
        assertThat(frames(10).getFirst()).isEqualTo(latestEnd);
    }

    @Test
    void aCameraThatRestartsItsTimestampsIsReanchoredWithoutGoingBack() {
        List<Long> first = frames(100);
        media = 0; // the camera's clock starts over
        List<Long> second = frames(100);
        assertThat(second.getFirst()).isEqualTo(first.getLast() + FRAME);
        assertSpacedByFrames(second);
    }

    @Test
    void aStepBackOfMoreThanADayIsFollowedTheTimesBeforeWereNotBelievable() {
        List<Long> ahead = frames(50); // the hub booted with its clock a year ahead, then NTP set it
        time.step(Duration.ofDays(-365));
        List<Long> after = frames(50);
        assertThat(after.getFirst()).as("the next key frame follows the clock back")
                .isEqualTo(nanos(time.instant()) - 50 * FRAME)
                .isLessThan(ahead.getFirst());
        assertSpacedByFrames(after);

        clock.reset();
        MediaClock restarted = new MediaClock(time, time, "test");
        restarted.notBefore(ahead.getLast()); // a restart with those segments in the index: not a floor either
        assertThat(restarted.timeOf(0, FRAME, true)).isEqualTo(nanos(time.instant()));
    }
}
