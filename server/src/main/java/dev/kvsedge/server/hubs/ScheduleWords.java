package dev.kvsedge.server.hubs;

import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeSet;
import org.quartz.CronExpression;

/**
 * A schedule (a Quartz cron expression and a duration, as ScheduleConfig has them) in words, with its next windows.
 * The words come from the fire times Quartz itself computes in the hub's zone, as the agent does: the windows of
 * the next {@link #HORIZON} are merged where they touch, then recognised as continuous, as a fixed period, or as the
 * same hours on some days of the week in both of the next two weeks ({@code 0 0 8-17 * * ?} for 3600 s is "every day
 * 08:00–18:00").
 */
final class ScheduleWords {
    /** Two full weeks after today: a weekly pattern must show twice to be called one. */
    static final Duration HORIZON = Duration.ofDays(16);
    private static final int MAX_FIRES = 20_000;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    record Window(Instant start, Instant end) {}

    record Described(String words, List<Window> next) {}

    private ScheduleWords() {}

    /**
     * @param expression a valid Quartz expression (checked by the caller with the server's rules)
     * @param duration how long each run lasts, or zero for instants (an uploader's start times)
     */
    static Described describe(String expression, Duration duration, ZoneId zone, Instant now, int count) {
        CronExpression cron;
        try {
            cron = new CronExpression(expression);
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a Quartz expression: " + e.getMessage(), e);
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        List<Instant> fires = new ArrayList<>();
        Instant end = now.plus(HORIZON);
        // A window that began before now and still runs counts: start from now - duration.
        Date next = cron.getTimeAfter(Date.from(now.minus(duration).minusMillis(1)));
        while (next != null && next.toInstant().isBefore(end) && fires.size() < MAX_FIRES) {
            fires.add(next.toInstant());
            next = cron.getTimeAfter(next);
        }
        List<Window> windows = merge(fires, duration);
        List<Window> upcoming = windows.stream().filter(w -> w.end().isAfter(now) || duration.isZero()).limit(count)
                .toList();
        // Past MAX_FIRES (a run every second) the horizon is where the fires counted end.
        Instant horizon = fires.size() == MAX_FIRES ? fires.getLast() : end;
        return new Described(words(fires, windows, duration, zone, now, horizon), upcoming);
    }

    private static List<Window> merge(List<Instant> fires, Duration duration) {
        List<Window> merged = new ArrayList<>();
        for (Instant fire : fires) {
            Instant stop = fire.plus(duration);
            if (!duration.isZero() && !merged.isEmpty() && !fire.isAfter(merged.getLast().end())) {
                Window last = merged.removeLast();
                merged.add(new Window(last.start(), stop.isAfter(last.end()) ? stop : last.end()));
            } else {
                merged.add(new Window(fire, stop));
            }
        }
        return merged;
    }

    private static String words(List<Instant> fires, List<Window> windows, Duration duration, ZoneId zone, Instant now,
            Instant horizonEnd) {
        if (windows.isEmpty()) {
            return "no run in the next " + HORIZON.toDays() + " days";
        }
        if (windows.size() == 1 && !windows.getFirst().start().isAfter(now)
                && !windows.getFirst().end().isBefore(horizonEnd)) {
            // Back-to-back runs ("0 * * * * ?" for 60 s) are worth saying; overlapping ones are just continuous.
            boolean backToBack = fires.size() > 1 && Duration.between(fires.get(0), fires.get(1)).equals(duration);
            String runs = backToBack
                    ? periodic(fires, fires.stream().map(f -> new Window(f, f.plus(duration))).toList(), duration)
                    : null;
            return runs == null ? "continuously" : "continuously (" + runs + ")";
        }
        String periodic = periodic(fires, windows, duration);
        if (periodic != null) {
            return periodic;
        }
        String weekly = weekly(windows, zone, now);
        if (weekly != null) {
            return weekly;
        }
        return windows.size() == 1
                ? "once in the next " + HORIZON.toDays() + " days"
                : windows.size() + " runs in the next " + HORIZON.toDays() + " days";
    }

    /** "every 15 minutes, for 5 minutes": fires evenly spaced, less than a day apart, windows apart. */
    private static String periodic(List<Instant> fires, List<Window> windows, Duration duration) {
        if (fires.size() < 3 || windows.size() != fires.size()) {
            return null;
        }
        Duration period = Duration.between(fires.get(0), fires.get(1));
        if (period.compareTo(Duration.ofHours(12)) > 0) {
            return null;
        }
        for (int i = 2; i < fires.size(); i++) {
            if (!Duration.between(fires.get(i - 1), fires.get(i)).equals(period)) {
                return null;
            }
        }
        String every = "every " + amount(period).replaceFirst("^1 ", "");
        return duration.isZero() ? every : every + ", for " + amount(duration);
    }

    /** "every day 08:00–18:00", "Monday to Friday 08:00–12:00, 14:00–18:00": the same hours on some weekdays. */
    private static String weekly(List<Window> windows, ZoneId zone, Instant now) {
        LocalDate first = now.atZone(zone).toLocalDate().plusDays(1);
        Map<LocalDate, List<String>> dates = new java.util.TreeMap<>();
        for (int i = 0; i < 14; i++) {
            dates.put(first.plusDays(i), new ArrayList<>());
        }
        for (Window w : windows) {
            ZonedDateTime start = w.start().atZone(zone);
            List<String> texts = dates.get(start.toLocalDate());
            if (texts != null) {
                texts.add(w.end().equals(w.start())
                        ? HH_MM.format(start.toLocalTime())
                        : HH_MM.format(start.toLocalTime()) + "–" + HH_MM.format(w.end().atZone(zone).toLocalTime()));
            }
        }
        TreeSet<String> patterns = new TreeSet<>();
        Map<DayOfWeek, String> days = new EnumMap<>(DayOfWeek.class);
        for (int i = 0; i < 7; i++) {
            String week1 = String.join(", ", dates.get(first.plusDays(i)));
            if (!week1.equals(String.join(", ", dates.get(first.plusDays(i + 7))))) {
                return null; // not the same in both weeks: not a weekly pattern
            }
            if (!week1.isEmpty()) {
                patterns.add(week1);
                days.put(first.plusDays(i).getDayOfWeek(), week1);
            }
        }
        if (patterns.size() != 1 || patterns.first().split(", ").length > 4) {
            return null;
        }
        boolean instants = windows.getFirst().end().equals(windows.getFirst().start());
        return dayWords(List.copyOf(days.keySet())) + (instants ? " at " : " ") + patterns.first();
    }

    private static String dayWords(List<DayOfWeek> days) {
        if (days.size() == 7) {
            return "every day";
        }
        boolean consecutive = days.size() > 2;
        for (int i = 1; i < days.size(); i++) {
            consecutive &= days.get(i).getValue() == days.get(i - 1).getValue() + 1;
        }
        if (consecutive) {
            return name(days.getFirst()) + " to " + name(days.getLast());
        }
        List<String> names = days.stream().map(ScheduleWords::name).toList();
        return names.size() == 1
                ? "every " + names.getFirst()
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.getLast();
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    static String amount(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0) {
            return plural(s / 3600, "hour");
        }
        if (s % 60 == 0) {
            return plural(s / 60, "minute");
        }
        return plural(s, "second");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
