package dev.kvsedge.agent.config;

import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a job runs: from each fire time of a Quartz cron expression, evaluated in the device's time zone, for a
 * fixed duration; or always. Pure: the caller says what time it is, so schedules are tested without waiting.
 */
public final class Schedule {
    private static final Schedule ALWAYS = new Schedule(null, Duration.ZERO, "always");

    /** Quartz keeps a Calendar per evaluation but is documented as not thread-safe: calls are serialized. */
    private final CronExpression cron;
    private final Duration duration;
    private final String text;

    private Schedule(CronExpression cron, Duration duration, String text) {
        this.cron = cron;
        this.duration = duration;
        this.text = text;
    }

    /** No schedule: the job runs continuously. */
    public static Schedule always() {
        return ALWAYS;
    }

    /**
     * The schedule of a ScheduleConfig, or {@link #always()} for none.
     *
     * @throws IllegalArgumentException for an expression Quartz refuses or a missing duration
     */
    public static Schedule of(ScheduleConfig config, ZoneId zone) {
        if (config == null) {
            return ALWAYS;
        }
        if (config.scheduleExpression() == null || config.durationInSeconds() == null) {
            throw new IllegalArgumentException("A ScheduleConfig needs both ScheduleExpression and DurationInSeconds.");
        }
        try {
            CronExpression cron = new CronExpression(config.scheduleExpression());
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return new Schedule(cron, Duration.ofSeconds(config.durationInSeconds()),
                    config.scheduleExpression() + " for " + config.durationInSeconds() + " s in " + zone);
        } catch (ParseException e) {
            throw new IllegalArgumentException("The ScheduleExpression '" + config.scheduleExpression()
                    + "' is not a valid Quartz cron expression: " + e.getMessage(), e);
        }
    }

    /** A run of the job: from a fire time for the duration, {@code [start, end)}. */
    public record Window(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /**
     * The window {@code now} falls in, if any. The earliest fire time after {@code now - duration} is the only
     * candidate: an earlier one ended before now, and if it is after now so is every later one. (When windows
     * overlap, the earliest is returned; the job keeps running through the next one anyway.)
     */
    public Optional<Window> windowAt(Instant now) {
        if (cron == null) {
            return Optional.of(new Window(Instant.MIN, Instant.MAX));
        }
        Instant fire = fireAfter(now.minus(duration));
        if (fire == null || fire.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(new Window(fire, fire.plus(duration)));
    }

    public boolean activeAt(Instant now) {
        return windowAt(now).isPresent();
    }

    /** The first fire time strictly after {@code t}, or empty if the expression never fires again. */
    public Optional<Instant> nextStartAfter(Instant t) {
        return cron == null ? Optional.empty() : Optional.ofNullable(fireAfter(t));
    }

    private Instant fireAfter(Instant t) {
        Date next;
        synchronized (this) {
            next = cron.getTimeAfter(Date.from(t));
        }
        return next == null ? null : next.toInstant();
    }

    @Override
    public String toString() {
        return text;
    }
}
