package dev.kvsedge.server.hubs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleWordsTest {
    /** A Monday. */
    private static final Instant NOW = Instant.parse("2026-01-05T06:00:00Z");

    private static String words(String expression, long seconds, ZoneId zone) {
        return ScheduleWords.describe(expression, Duration.ofSeconds(seconds), zone, NOW, 3).words();
    }

    @Test
    void hourlyRunsThatTouchAreOneDailyWindow() {
        assertThat(words("0 0 8-17 * * ?", 3600, ZoneOffset.UTC)).isEqualTo("every day 08:00–18:00");
    }

    @Test
    void weekdaysAreNamedAsARange() {
        assertThat(words("0 0 8-17 ? * MON-FRI", 3600, ZoneId.of("Europe/Paris")))
                .isEqualTo("Monday to Friday 08:00–18:00");
    }

    @Test
    void separateDaysAreListed() {
        assertThat(words("0 30 22 ? * MON,WED,FRI", 1800, ZoneOffset.UTC))
                .isEqualTo("Monday, Wednesday and Friday 22:30–23:00");
        assertThat(words("0 0 9 ? * SUN", 600, ZoneOffset.UTC)).isEqualTo("every Sunday 09:00–09:10");
    }

    @Test
    void aScheduleThatNeverStopsIsContinuousAndSaysItsRuns() {
        assertThat(words("0 * * * * ?", 60, ZoneOffset.UTC)).isEqualTo("continuously (every minute, for 1 minute)");
        assertThat(words("* * * * * ?", 3600, ZoneOffset.UTC)).isEqualTo("continuously");
    }

    @Test
    void evenlySpacedRunsAreAPeriod() {
        assertThat(words("0 0/15 * * * ?", 300, ZoneOffset.UTC)).isEqualTo("every 15 minutes, for 5 minutes");
        assertThat(words("0 0 0/2 * * ?", 0, ZoneOffset.UTC)).isEqualTo("every 2 hours");
    }

    @Test
    void startTimesWithoutADurationAreSaidAsTimes() {
        assertThat(words("0 0 1 * * ?", 0, ZoneOffset.UTC)).isEqualTo("every day at 01:00");
    }

    @Test
    void rareSchedulesAreCountedAndAFarOneSaysSo() {
        assertThat(words("0 0 8 1 * ?", 3600, ZoneOffset.UTC)).isEqualTo("no run in the next 16 days");
        assertThat(words("0 0 8 10 1 ?", 3600, ZoneOffset.UTC)).isEqualTo("once in the next 16 days");
        assertThat(words("0 0 8 10,12 1 ?", 3600, ZoneOffset.UTC)).isEqualTo("2 runs in the next 16 days");
    }

    @Test
    void theNextWindowsAreMergedAndInTheHubsZone() {
        var next = ScheduleWords
                .describe("0 0 8-17 ? * MON-FRI", Duration.ofHours(1), ZoneId.of("Europe/Paris"), NOW, 2).next();

        assertThat(next).containsExactly(
                new ScheduleWords.Window(Instant.parse("2026-01-05T07:00:00Z"), Instant.parse("2026-01-05T17:00:00Z")),
                new ScheduleWords.Window(Instant.parse("2026-01-06T07:00:00Z"), Instant.parse("2026-01-06T17:00:00Z")));
    }

    @Test
    void aWindowAlreadyRunningIsTheFirst() {
        var next = ScheduleWords.describe("0 0 5 * * ?", Duration.ofHours(2), ZoneOffset.UTC, NOW, 1).next();

        assertThat(next).containsExactly(new ScheduleWords.Window(Instant.parse("2026-01-05T05:00:00Z"),
                Instant.parse("2026-01-05T07:00:00Z")));
    }
}
