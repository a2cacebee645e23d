package dev.tributary.scheduler.internal;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.tributary.api.schedule.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.concurrent.ThreadLocalRandom;

/** When a schedule is due next, catch-up included, before jitter. */
final class NextRun {

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronParser QUARTZ = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private final Schedule schedule;
    private final ExecutionTime cron;
    private final ZoneId zone;

    NextRun(Schedule schedule, ZoneId zone) {
        this.schedule = schedule;
        this.zone = zone;
        this.cron = schedule.cron() == null ? null : ExecutionTime.forCron(parse(schedule.cron()));
    }

    static Cron parse(String expression) {
        int fields = expression.trim().split("\\s+").length;
        try {
            return (fields == 5 ? UNIX : QUARTZ).parse(expression).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + expression + "' is not a cron expression (" + e.getMessage()
                    + "); write five fields like '*/15 * * * *' (minute hour day month weekday)", e);
        }
    }

    /**
     * @param last the last run's start (or end), or null if it never ran
     * @return when the job is due: at once ({@code now}) if it never ran or a slot was missed, else
     *         the next slot; null for a manual schedule
     */
    Instant after(Instant last, Instant now) {
        if (schedule.isManual()) {
            return null;
        }
        if (last == null) {
            return now;
        }
        Instant next = slotAfter(last);
        return next.isAfter(now) ? next : now; // missed one or more slots: once, now
    }

    private Instant slotAfter(Instant t) {
        if (cron == null) {
            return t.plus(schedule.interval());
        }
        return cron.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant)
                .orElse(Instant.MAX);
    }

    Duration jitter() {
        long max = schedule.jitter().toMillis();
        return max <= 0 ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(max + 1));
    }
}
