package dev.kvsedge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kvsedge.agent.config.Schedule;
import dev.kvsedge.agent.config.Schedule.Window;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Quartz schedules in the device's time zone: from each fire time, for the duration. */
class ScheduleTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** The AWS tutorial's recorder schedule: weekdays 09:00 to 16:59, 3599 s from each hour. */
    private static final Schedule WEEKDAYS = Schedule.of(new ScheduleConfig("0 0 9-16 ? * MON-FRI *", 3599), PARIS);

    private static Instant paris(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), PARIS).toInstant();
    }

    @Test
    void aWindowOpensAtTheFireTimeInTheDevicesZoneAndClosesAfterTheDuration() {
        // Thursday 2026-11-26
        assertThat(WEEKDAYS.windowAt(paris("2026-11-26T08:59:59.999"))).isEmpty();
        assertThat(WEEKDAYS.windowAt(paris("2026-11-26T09:00:00")))
                .contains(new Window(paris("2026-11-26T09:00:00"), paris("2026-11-26T09:59:59")));
        assertThat(WEEKDAYS.windowAt(paris("2026-11-26T09:59:58.999"))).isPresent();
        assertThat(WEEKDAYS.windowAt(paris("2026-11-26T09:59:59"))).isEmpty();
        assertThat(WEEKDAYS.windowAt(paris("2026-11-26T16:30:00"))).isPresent();
        assertThat(WEEKDAYS.windowAt(paris("2026-11-26T17:00:00"))).isEmpty();
        assertThat(WEEKDAYS.windowAt(paris("2026-11-28T12:00:00"))).as("Saturday").isEmpty();
    }

    @Test
    void theNextStartSkipsTheWeekend() {
        assertThat(WEEKDAYS.nextStartAfter(paris("2026-11-27T17:00:00"))).contains(paris("2026-11-30T09:00:00"));
        assertThat(WEEKDAYS.nextStartAfter(paris("2026-11-26T09:00:00"))).contains(paris("2026-11-26T10:00:00"));
    }

    @Test
    void theSameExpressionFiresAtAnotherInstantInAnotherZone() {
        Schedule utc = Schedule.of(new ScheduleConfig("0 0 9-16 ? * MON-FRI *", 3599), ZoneId.of("UTC"));
        Instant nineInParis = paris("2026-11-26T09:00:00");
        assertThat(utc.activeAt(nineInParis)).isFalse();
        assertThat(utc.activeAt(nineInParis.plusSeconds(3600))).isTrue();
    }

    @Test
    void noScheduleMeansAlways() {
        assertThat(Schedule.of(null, PARIS).activeAt(Instant.EPOCH)).isTrue();
        assertThat(Schedule.always().activeAt(Instant.parse("2099-01-01T00:00:00Z"))).isTrue();
        assertThat(Schedule.always().nextStartAfter(Instant.EPOCH)).isEmpty();
    }

    @Test
    void anExpressionQuartzRefusesIsAUserError() {
        assertThatThrownBy(() -> Schedule.of(new ScheduleConfig("0 0 * * *", 60), PARIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid Quartz cron expression");
        assertThatThrownBy(() -> Schedule.of(new ScheduleConfig("0 0 * * * ?", null), PARIS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
