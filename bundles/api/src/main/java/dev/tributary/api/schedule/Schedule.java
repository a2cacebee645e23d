package dev.tributary.api.schedule;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a job runs by itself: every {@code interval}, or at the times of a {@code cron} expression
 * (Unix 5 fields, or Quartz-style with seconds), each delayed by up to {@code jitter} so that many
 * jobs do not start at the same moment. {@link #MANUAL} runs only when triggered.
 */
public record Schedule(Duration interval, String cron, Duration jitter) {

    public static final Schedule MANUAL = new Schedule(null, null, Duration.ZERO);

    public Schedule {
        jitter = jitter == null ? Duration.ZERO : jitter;
        if (interval != null && cron != null) {
            throw new IllegalArgumentException("a schedule has an interval or a cron expression, not both");
        }
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("the interval must be positive, not " + interval);
        }
        if (jitter.isNegative()) {
            throw new IllegalArgumentException("the jitter must not be negative");
        }
    }

    public static Schedule every(Duration interval, Duration jitter) {
        return new Schedule(Objects.requireNonNull(interval, "interval"), null, jitter);
    }

    public static Schedule cron(String expression, Duration jitter) {
        return new Schedule(null, Objects.requireNonNull(expression, "expression").trim(), jitter);
    }

    /**
     * Reads what ops write in a configuration: {@code manual}, a duration such as {@code 30s},
     * {@code 15m}, {@code 2h}, {@code 1d} (or ISO-8601 {@code PT15M}), or {@code cron:<expression>}.
     */
    public static Schedule parse(String text, Duration jitter) {
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("manual")) {
            return new Schedule(null, null, jitter);
        }
        if (t.regionMatches(true, 0, "cron:", 0, 5)) {
            return cron(t.substring(5), jitter);
        }
        return every(duration(t), jitter);
    }

    /** {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}, or ISO-8601. */
    public static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p")) {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write e.g. 30s, 15m, 2h, 1d, or cron:*/15 * * * *");
        }
    }

    public boolean isManual() {
        return interval == null && cron == null;
    }
}
