package dev.kvsedge.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kvsedge.agent.config.Schedule.Window;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schedules read on the wall clock across both DST changes: a window at every instant whose wall-clock time the
 * rules cover, and at no other. New York and Paris shift by an hour, Lord Howe Island by half an hour.
 */
class ScheduleAcrossDstTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId LORD_HOWE = ZoneId.of("Australia/Lord_Howe");
    private static final ScheduleConfig HOURLY = new ScheduleConfig("0 0 * * * ?", 3600);
    private static final ScheduleConfig HALF_HOURLY = new ScheduleConfig("0 0/30 * * * ?", 1800);

    /** The zone's DST changes of 2026: [spring or fall, the other]. */
    private static List<ZoneOffsetTransition> changes2026(ZoneId zone) {
        List<ZoneOffsetTransition> found = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (ZoneOffsetTransition c = zone.getRules().nextTransition(t); c != null && c.getInstant().isBefore(
                Instant.parse("2027-01-01T00:00:00Z")); c = zone.getRules().nextTransition(c.getInstant())) {
            found.add(c);
        }
        assertThat(found).as("%s changes twice in 2026", zone).hasSize(2);
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"America/New_York", "Europe/Paris", "Australia/Lord_Howe"})
    void aContinuousScheduleHasAWindowAtEveryInstantOfBothChangeNights(String zoneName) {
        ZoneId zone = ZoneId.of(zoneName);
        for (ScheduleConfig config : List.of(HOURLY, HALF_HOURLY, new ScheduleConfig("0 0/15 * * * ?", 900))) {
            Schedule schedule = Schedule.of(config, zone);
            for (ZoneOffsetTransition change : changes2026(zone)) {
                Instant from = change.getInstant().minus(Duration.ofHours(4));
                for (Instant t = from; t
                        .isBefore(change.getInstant().plus(Duration.ofHours(4))); t = t.plusSeconds(30)) {
                    Optional<Window> window = schedule.windowAt(t);
                    assertThat(window).as("%s at %s (%s)", config, t, t.atZone(zone)).isPresent();
                    assertThat(window.get().contains(t)).as("%s contains %s", window.get(), t).isTrue();
                }
                for (Instant edge : List.of(change.getInstant().minusNanos(1), change.getInstant(),
                        change.getInstant().plusNanos(1))) {
                    assertThat(schedule.activeAt(edge)).as("%s at %s", config, edge).isTrue();
                }
            }
        }
    }

    @Test
    void onTheFallBackNightTheRepeatedHourIsInsideTheWindowThatSpansIt() {
        // 2026-11-01: 01:00 EDT (05:00Z) ... 02:00 EDT becomes 01:00 EST (06:00Z) ... 02:00 EST (07:00Z).
        Schedule hourly = Schedule.of(HOURLY, NEW_YORK);
        Window overChange = new Window(Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T07:00:00Z"));
        assertThat(hourly.windowAt(Instant.parse("2026-11-01T05:30:00Z"))).contains(overChange);
        assertThat(hourly.windowAt(Instant.parse("2026-11-01T06:30:00Z"))).contains(overChange);
        assertThat(hourly.windowAt(Instant.parse("2026-11-01T07:00:00Z")))
                .contains(new Window(Instant.parse("2026-11-01T07:00:00Z"), Instant.parse("2026-11-01T08:00:00Z")));

        // Half-hourly windows stay half an hour long: the clock leaves 01:30-02:00 by jumping back to 01:00.
        Schedule halfHourly = Schedule.of(HALF_HOURLY, NEW_YORK);
        assertThat(halfHourly.windowAt(Instant.parse("2026-11-01T05:45:00Z")))
                .contains(new Window(Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-01T06:00:00Z")));
        assertThat(halfHourly.windowAt(Instant.parse("2026-11-01T06:10:00Z")))
                .contains(new Window(Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-11-01T06:30:00Z")));
    }

    @Test
    void aShortWindowInTheRepeatedHourHappensTwiceAndNeverOutsideItsWallClockTimes() {
        Schedule at0110 = Schedule.of(new ScheduleConfig("0 10 1 * * ?", 600), NEW_YORK);
        Window edt = new Window(Instant.parse("2026-11-01T05:10:00Z"), Instant.parse("2026-11-01T05:20:00Z"));
        Window est = new Window(Instant.parse("2026-11-01T06:10:00Z"), Instant.parse("2026-11-01T06:20:00Z"));
        assertThat(at0110.windowAt(Instant.parse("2026-11-01T05:15:00Z"))).contains(edt);
        assertThat(at0110.windowAt(Instant.parse("2026-11-01T05:40:00Z"))).isEmpty();
        assertThat(at0110.windowAt(Instant.parse("2026-11-01T06:15:00Z"))).contains(est);
        assertThat(at0110.nextStartAfter(Instant.parse("2026-11-01T05:10:00Z"))).contains(est.start());

        // Every instant the schedule says yes to shows a wall-clock time in 01:10-01:20, and every such instant is in.
        for (Instant t = Instant.parse("2026-11-01T03:00:00Z"); t
                .isBefore(Instant.parse("2026-11-01T09:00:00Z")); t = t.plusSeconds(20)) {
            LocalDateTime wall = LocalDateTime.ofInstant(t, NEW_YORK);
            boolean covered = wall.getHour() == 1 && wall.getMinute() >= 10 && wall.getMinute() < 20;
            assertThat(at0110.activeAt(t)).as("at %s (%s)", t, wall).isEqualTo(covered);
        }
    }

    @Test
    void inTheSpringGapAWindowOpensWhenTheClockJumpsOverItsFireTimeAndOneWhollyInsideItDoesNotHappen() {
        // 2026-03-08: 02:00 EST (07:00Z) becomes 03:00 EDT.
        Schedule at0230 = Schedule.of(new ScheduleConfig("0 30 2 * * ?", 3600), NEW_YORK);
        Window shortened = new Window(Instant.parse("2026-03-08T07:00:00Z"), Instant.parse("2026-03-08T07:30:00Z"));
        assertThat(at0230.windowAt(Instant.parse("2026-03-08T06:59:59Z"))).isEmpty();
        assertThat(at0230.windowAt(Instant.parse("2026-03-08T07:00:00Z"))).contains(shortened);
        assertThat(at0230.windowAt(Instant.parse("2026-03-08T07:29:59Z"))).contains(shortened);
        assertThat(at0230.windowAt(Instant.parse("2026-03-08T07:30:00Z"))).isEmpty();
        assertThat(at0230.nextStartAfter(Instant.parse("2026-03-08T00:00:00Z"))).contains(shortened.start());

        Schedule at0210 = Schedule.of(new ScheduleConfig("0 10 2 * * ?", 600), NEW_YORK);
        for (Instant t = Instant.parse("2026-03-08T05:00:00Z"); t
                .isBefore(Instant.parse("2026-03-08T10:00:00Z")); t = t.plusSeconds(20)) {
            assertThat(at0210.activeAt(t)).as("at %s", t).isFalse();
        }
        assertThat(at0210.nextStartAfter(Instant.parse("2026-03-08T00:00:00Z")))
                .contains(ZonedDateTime.of(LocalDateTime.parse("2026-03-09T02:10:00"), NEW_YORK).toInstant());
    }

    @Test
    void lordHoweShiftsByHalfAnHour() {
        // 2026-04-05: 02:00 +11:00 (15:00Z on the 4th) becomes 01:30 +10:30; the hour from 01:00 lasts 90 minutes.
        Schedule hourly = Schedule.of(HOURLY, LORD_HOWE);
        Window overChange = new Window(Instant.parse("2026-04-04T14:00:00Z"), Instant.parse("2026-04-04T15:30:00Z"));
        assertThat(hourly.windowAt(Instant.parse("2026-04-04T15:10:00Z"))).contains(overChange);
        // 2026-10-04: 02:00 +10:30 (15:30Z on the 3rd) becomes 02:30 +11:00; the hour from 02:00 lasts 30 minutes.
        assertThat(hourly.windowAt(Instant.parse("2026-10-03T15:30:00Z")))
                .contains(new Window(Instant.parse("2026-10-03T15:30:00Z"), Instant.parse("2026-10-03T16:00:00Z")));
        assertThat(hourly.windowAt(Instant.parse("2026-10-03T15:29:59Z")))
                .contains(new Window(Instant.parse("2026-10-03T14:30:00Z"), Instant.parse("2026-10-03T15:30:00Z")));
    }
}
