package dev.kvsedge.agent.config;

import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * When a job runs: from each fire time of a Quartz cron expression, read on the wall clock of the device's time
 * zone, for a duration; or always. Pure: the caller says what time it is, so schedules are tested without waiting.
 *
 * <p><b>Wall-clock rules across DST.</b> The job runs whenever the wall clock shows a time in {@code [F, F + duration)}
 * for a fire time F of the expression, and only then. So a continuous schedule stays continuous across both DST
 * changes: on a fall-back night the repeated wall-clock times are covered again (the window over the repeated hour
 * lasts longer in real time, or a short one happens twice), and on a spring night the skipped times are not there
 * to cover (a window reaching into the gap is shorter; one wholly inside it does not happen). Fire times are found
 * by Quartz on the local time line, evaluated as UTC (which has no DST): Quartz's own DST handling skips the
 * repeated hour. Zone changes are months apart and a duration is at most an hour, so a window crosses at most one.
 */
public final class Schedule {
    private static final Schedule ALWAYS = new Schedule(null, null, Duration.ZERO, "always");

    /** Quartz keeps a Calendar per evaluation but is documented as not thread-safe: calls are serialized. */
    private final CronExpression cron;
    private final ZoneRules rules;
    private final Duration duration;
    private final String text;

    private Schedule(CronExpression cron, ZoneRules rules, Duration duration, String text) {
        this.cron = cron;
        this.rules = rules;
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
            cron.setTimeZone(TimeZone.getTimeZone("UTC")); // local times, as if in UTC: see the class comment
            return new Schedule(cron, zone.getRules(), Duration.ofSeconds(config.durationInSeconds()),
                    config.scheduleExpression() + " for " + config.durationInSeconds() + " s in " + zone);
        } catch (ParseException e) {
            throw new IllegalArgumentException("The ScheduleExpression '" + config.scheduleExpression()
                    + "' is not a valid Quartz cron expression: " + e.getMessage(), e);
        }
    }

    /** A run of the job: {@code [start, end)}. */
    public record Window(Instant start, Instant end) {
        public boolean contains(Instant t) {
            return !t.isBefore(start) && t.isBefore(end);
        }
    }

    /**
     * The window {@code now} falls in, if any: the stretch of time around {@code now} in which the wall clock stays in
     * {@code [F, F + duration)}, for the earliest fire time F that puts {@code now} in one. (When windows overlap the
     * earliest is returned; the job keeps running through the next one anyway.)
     */
    public Optional<Window> windowAt(Instant now) {
        if (cron == null) {
            return Optional.of(new Window(Instant.MIN, Instant.MAX));
        }
        ZoneOffset offset = rules.getOffset(now);
        LocalDateTime shown = LocalDateTime.ofInstant(now, offset);
        LocalDateTime from = fireAfter(shown.minus(duration));
        if (from == null || from.isAfter(shown)) {
            return Optional.empty();
        }
        LocalDateTime to = from.plus(duration);
        return Optional.of(new Window(opened(now, offset, from, to), closes(now, offset, from, to)));
    }

    /** When the clock entered {@code [from, to)}: in this stretch of the zone's offset, or in the one before. */
    private Instant opened(Instant now, ZoneOffset offset, LocalDateTime from, LocalDateTime to) {
        Instant here = from.toInstant(offset);
        ZoneOffsetTransition change = rules.previousTransition(now.plusNanos(1));
        if (change == null || here.isAfter(change.getInstant())) {
            return here;
        }
        // The clock was already in the window when the offset changed: was it just before the change too?
        LocalDateTime before = change.getDateTimeBefore();
        return before.isAfter(from) && !before.isAfter(to)
                ? from.toInstant(change.getOffsetBefore())
                : change.getInstant();
    }

    /** When the clock leaves {@code [from, to)}: reaching {@code to}, or jumping out of it at a change of offset. */
    private Instant closes(Instant now, ZoneOffset offset, LocalDateTime from, LocalDateTime to) {
        Instant here = to.toInstant(offset);
        ZoneOffsetTransition change = rules.nextTransition(now);
        if (change == null || here.isBefore(change.getInstant())) {
            return here;
        }
        LocalDateTime after = change.getDateTimeAfter();
        return !after.isBefore(from) && after.isBefore(to)
                ? to.toInstant(change.getOffsetAfter())
                : change.getInstant();
    }

    public boolean activeAt(Instant now) {
        return windowAt(now).isPresent();
    }

    /** When the next window after {@code t} opens, or empty if the expression never fires again. */
    public Optional<Instant> nextStartAfter(Instant t) {
        if (cron == null) {
            return Optional.empty();
        }
        LocalDateTime from = LocalDateTime.ofInstant(t, rules.getOffset(t));
        ZoneOffsetTransition change = rules.nextTransition(t);
        if (change != null && change.isOverlap() && change.getInstant().isBefore(t.plus(Duration.ofDays(1)))) {
            from = from.plus(change.getDuration()); // a fire time shown before t may be shown again after the change
        }
        Instant best = null;
        int fires = 0;
        for (LocalDateTime fire = fireAfter(from.minusSeconds(1)); fire != null
                && fires < MAX_FIRES_SCANNED; fire = fireAfter(fire), fires++) {
            // Local times run at most 18 hours from UTC: a fire time a day past the best start cannot come first.
            if (best != null && fire.isAfter(LocalDateTime.ofInstant(best, ZoneOffset.UTC).plusDays(1))) {
                break;
            }
            for (Instant start : shownAt(fire)) {
                if (start.isAfter(t) && (best == null || start.isBefore(best))
                        && windowAt(start).map(w -> w.start().equals(start)).orElse(false)) {
                    best = start;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Fire times looked at for the next start: enough for any schedule a day around a change of offset. */
    private static final int MAX_FIRES_SCANNED = 100_000;

    /** The instants the wall clock shows {@code local}: one, two in a fall-back overlap, or the jump over a gap. */
    private List<Instant> shownAt(LocalDateTime local) {
        ZoneOffsetTransition transition = rules.getTransition(local);
        if (transition != null && transition.isGap()) {
            return List.of(transition.getInstant());
        }
        return rules.getValidOffsets(local).stream().map(local::toInstant).toList();
    }

    /** The first fire time strictly after {@code local}, on the local time line, or null. */
    private LocalDateTime fireAfter(LocalDateTime local) {
        Date next;
        synchronized (this) {
            next = cron.getTimeAfter(Date.from(local.toInstant(ZoneOffset.UTC)));
        }
        return next == null ? null : LocalDateTime.ofInstant(next.toInstant(), ZoneOffset.UTC);
    }

    @Override
    public String toString() {
        return text;
    }
}
