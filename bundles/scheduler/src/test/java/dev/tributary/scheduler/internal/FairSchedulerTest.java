package dev.tributary.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tributary.api.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FairSchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    FairScheduler scheduler;

    @AfterEach
    void close() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void anIntervalJobRunsRepeatedly() {
        scheduler = new FairScheduler(Clock.systemUTC(), 2);
        AtomicInteger runs = new AtomicInteger();
        scheduler.schedule("a", Schedule.every(Duration.ofMillis(30), Duration.ZERO), null, c -> runs.incrementAndGet());
        await().atMost(WAIT).until(() -> runs.get() >= 3);
    }

    @Test
    void aTriggerWhileRunningIsCoalescedIntoExactlyOneMoreRun() throws Exception {
        scheduler = new FairScheduler(Clock.systemUTC(), 2);
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        scheduler.schedule("a", Schedule.MANUAL, Instant.now(), c -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            if (runs.incrementAndGet() == 1) {
                firstStarted.countDown();
                release.await(10, TimeUnit.SECONDS);
            }
            concurrent.decrementAndGet();
        });
        assertThat(scheduler.trigger("a")).isTrue();
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            scheduler.trigger("a");
        }
        release.countDown();
        await().atMost(WAIT).until(() -> runs.get() == 2 && !scheduler.state("a").orElseThrow().running());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> runs.get() == 2);
        assertThat(maxConcurrent.get()).as("never two executions of one key at once").isEqualTo(1);
        assertThat(scheduler.trigger("missing")).isFalse();
    }

    @Test
    void atMostTheLimitRunsAtOnceAndWaitingJobsStartInTheOrderTheyBecameDue() throws Exception {
        scheduler = new FairScheduler(Clock.systemUTC(), 2);
        Map<String, CountDownLatch> release = Map.of("slow1", new CountDownLatch(1), "slow2", new CountDownLatch(1));
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        List<String> started = new CopyOnWriteArrayList<>();
        for (String key : List.of("slow1", "slow2", "a", "b", "c")) {
            scheduler.schedule(key, Schedule.MANUAL, Instant.now(), c -> {
                started.add(key);
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                if (key.startsWith("slow")) {
                    release.get(key).await(10, TimeUnit.SECONDS);
                }
                concurrent.decrementAndGet();
            });
        }
        for (String key : List.of("slow1", "slow2", "a", "b", "c")) {
            scheduler.trigger(key);
        }
        await().atMost(WAIT).until(() -> started.size() == 2);
        assertThat(scheduler.state("a").orElseThrow().queued()).isTrue();
        // one slot frees while slow2 holds the other: the waiting jobs pass through it one at a time, so their start order shows
        release.get("slow1").countDown();
        await().atMost(WAIT).until(() -> started.size() == 5);
        assertThat(started.subList(2, 5)).containsExactly("a", "b", "c");
        release.get("slow2").countDown();
        assertThat(maxConcurrent.get()).isEqualTo(2);
    }

    @Test
    void afterDowntimeAJobCatchesUpOnceNotOncePerMissedSlot() {
        scheduler = new FairScheduler(Clock.systemUTC(), 2);
        AtomicInteger runs = new AtomicInteger();
        Instant tenHoursAgo = Instant.now().minus(Duration.ofHours(10));
        scheduler.schedule("a", Schedule.every(Duration.ofHours(1), Duration.ZERO), tenHoursAgo, c -> runs.incrementAndGet());
        await().atMost(WAIT).until(() -> runs.get() == 1 && !scheduler.state("a").orElseThrow().running());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> runs.get() == 1);
        Instant next = scheduler.state("a").orElseThrow().nextRun();
        assertThat(next).isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
    }

    @Test
    void aJobThatRanRecentlyWaitsForItsNextSlotPlusJitter() throws InterruptedException {
        Instant now = Instant.parse("2026-01-01T10:00:00Z");
        scheduler = new FairScheduler(Clock.fixed(now, ZoneOffset.UTC), 2);
        scheduler.schedule("a", Schedule.every(Duration.ofMinutes(15), Duration.ofMinutes(1)), now.minus(Duration.ofMinutes(5)), c -> { });
        assertThat(scheduler.state("a").orElseThrow().nextRun())
                .isBetween(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(11)));
        // the 10:00 slot passed since the last run at 09:59: due now, so it runs at once (the clock stands still at
        // 10:00, so a job not due would never run); after that run its next slot is 10:05
        CountDownLatch ranB = new CountDownLatch(1);
        scheduler.schedule("b", Schedule.parse("cron:*/5 * * * *", Duration.ZERO), now.minus(Duration.ofMinutes(1)), c -> ranB.countDown());
        assertThat(ranB.await(10, TimeUnit.SECONDS)).as("b was due at once").isTrue();
        scheduler.schedule("c", Schedule.parse("cron:*/5 * * * *", Duration.ZERO), now, c -> { });
        assertThat(scheduler.state("c").orElseThrow().nextRun()).isEqualTo(Instant.parse("2026-01-01T10:05:00Z"));
    }

    @Test
    void cancelStopsTheRunningExecutionAndUnscheduleStopsTheJob() throws Exception {
        scheduler = new FairScheduler(Clock.systemUTC(), 2);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        List<Boolean> sawCancel = new CopyOnWriteArrayList<>();
        AtomicInteger active = new AtomicInteger();
        scheduler.schedule("a", Schedule.every(Duration.ofMillis(50), Duration.ZERO), null, cancelled -> {
            active.incrementAndGet();
            runs.incrementAndGet();
            started.countDown();
            await().atMost(WAIT).until(cancelled::getAsBoolean);
            sawCancel.add(true);
            active.decrementAndGet();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.cancel("a")).isTrue();
        await().atMost(WAIT).until(() -> sawCancel.size() == 1);
        scheduler.unschedule("a");
        // a run that began before unschedule returned sees itself cancelled and ends; none begins after
        await().atMost(WAIT).until(() -> active.get() == 0);
        int after = runs.get();
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> runs.get() == after);
        assertThat(scheduler.state("a")).isEmpty();
    }

    @Test
    void schedulesAreParsedFromWhatOpsWrite() {
        assertThat(Schedule.parse("15m", Duration.ZERO).interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(Schedule.parse("PT2H", Duration.ZERO).interval()).isEqualTo(Duration.ofHours(2));
        assertThat(Schedule.parse("manual", Duration.ZERO).isManual()).isTrue();
        assertThat(Schedule.parse("cron:0 3 * * *", Duration.ZERO).cron()).isEqualTo("0 3 * * *");
        assertThatThrownBy(() -> Schedule.parse("often", Duration.ZERO)).hasMessageContaining("'often' is not a duration");
        assertThatThrownBy(() -> new NextRun(Schedule.cron("61 * * * *", Duration.ZERO), ZoneOffset.UTC))
                .hasMessageContaining("is not a cron expression");
    }
}
