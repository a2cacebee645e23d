package dev.tributary.itest;

import static dev.tributary.itest.HostApi.lastRunId;
import static dev.tributary.itest.HostApi.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of the host at random moments of a 20k-file sync, 20 times in a row (each restart
 * syncs again, resuming from the checkpoint), then a clean finish: the store and the index hold
 * exactly the source's documents, and the run history shows each killed run. Each kill waits for a
 * random document count within the run's share of what is left (so the kills spread over the whole
 * sync), then up to one store commit more (so it falls between or inside commits). The source and
 * the aims come from a seeded {@link Random}: the seed is printed (in this class's output file) and
 * named in a failure; {@code -Dtributary.crash.seed=<seed>} replays them.
 */
class CrashIT extends RunningHost {

    private static final int FILES = 20_000;
    private static final int KILLS = 20;
    private static final String INSTANCE = "notes";
    /** Documents a killed run may have stored beyond its checkpoint: the connector commits every 100 files. */
    private static final int PAST_CHECKPOINT = 100;

    @Test
    void twentyKillDashNinesDuringASyncThenACleanFinishLeaveExactlyTheSourcesDocuments() throws Exception {
        long seed = Long.getLong("tributary.crash.seed", new Random().nextLong());
        System.out.println("CrashIT seed " + seed + " (replay with -Dtributary.crash.seed=" + seed + ")");
        try {
            killAndRestartThenCheck(new Random(seed));
        } catch (AssertionError | Exception e) {
            throw new AssertionError("CrashIT with seed " + seed + " (replay with -Dtributary.crash.seed=" + seed + "): " + e.getMessage(), e);
        }
    }

    private void killAndRestartThenCheck(Random random) throws Exception {
        long began = System.nanoTime();
        Path source = tmp.resolve("source");
        Map<String, String> expected = SourceTree.write(source, FILES, random);
        startWithConnector("filesystem");
        Files.writeString(dist.etc().resolve("dev.tributary.connector.filesystem~" + INSTANCE + ".cfg"),
                "root = " + source + "\nschedule = manual\n");
        HostApi api = new HostApi(dist);
        System.out.printf("source of %d files written, host started: %d ms%n", FILES, elapsedMillis(began));

        for (int kill = 0; kill < KILLS; kill++) {
            long cycle = System.nanoTime();
            if (kill > 0) {
                start();
            }
            long pid = hostPid();
            long lastRun = lastRunId(awaitInstance(api));
            long up = elapsedMillis(cycle);
            api.sync(INSTANCE);
            JsonNode started = pollUntil(api, i -> lastRunId(i) > lastRun, "the run is recorded as started");
            long startedAt = System.nanoTime();
            long atStart = started.path("documents").asLong();
            // a document count anywhere in twice this kill's even share of what is left (the kills spread over the whole
            // sync), then up to one store commit (250 ms) more, so the kill falls anywhere between or inside commits
            long left = FILES - atStart;
            long target = left == 0 ? atStart : atStart + 1 + (long) (random.nextDouble() * Math.min(left - 1, 2.0 * left / (KILLS - kill)));
            long extra = random.nextInt(250);
            pollUntil(api, i -> i.path("documents").asLong() >= target || !running(i), "the document count reaches " + target);
            long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(extra);
            JsonNode last = pollUntil(api, i -> System.nanoTime() >= at, extra + " ms pass");
            killDashNine(pid);
            long ranMillis = elapsedMillis(startedAt);
            System.out.printf("kill %2d at %5d documents + %3d ms: run %2d (%s) %5d -> %5d documents in %5d ms, %s; host up in %5d ms%n",
                    kill + 1, target, extra, last.path("lastRun").path("id").asLong(), last.path("lastRun").path("mode").asText(), atStart,
                    last.path("documents").asLong(), ranMillis, running(last) ? "running at the last look" : "already ended", up);
        }
        System.out.printf("%d kills: %d ms%n", KILLS, elapsedMillis(began));

        start();
        long before = awaitInstance(api).path("documents").asLong();
        Cli.Result sync = cli.run("sync", INSTANCE, "--wait");
        assertThat(sync.exitCode()).as("the clean finish: %s", sync.all()).isZero();
        System.out.printf("clean finish: %s (%d ms in all)%n", sync.out().strip(), elapsedMillis(began));

        SourceCheck.assertHoldsExactly(api, INSTANCE, expected);

        List<JsonNode> runs = api.runs(INSTANCE);
        assertThat(runs).as("one run per kill, then the clean one").hasSize(KILLS + 1);
        JsonNode finish = runs.get(0);
        assertThat(finish.path("status").asText()).isEqualTo("succeeded");
        assertThat(finish.path("mode").asText()).as("the clean finish resumes from the checkpoint").isEqualTo("incremental");
        assertThat(finish.path("seen").asLong()).as("files the clean finish read again: it resumed after the %d stored", before)
                .isLessThanOrEqualTo(FILES - before + PAST_CHECKPOINT);
        List<JsonNode> killed = runs.subList(1, runs.size());
        assertThat(killed).as("a killed run is interrupted, or succeeded if the kill came just after its end")
                .allSatisfy(r -> assertThat(r.path("status").asText()).isIn("interrupted", "succeeded"));
        long interrupted = killed.stream().filter(r -> r.path("status").asText().equals("interrupted")).count();
        System.out.printf("run history: %d interrupted, %d succeeded before the clean finish%n", interrupted, KILLS - interrupted);
        assertThat(interrupted).as("kills that landed during a run").isGreaterThanOrEqualTo(KILLS * 3 / 4);
        assertThat(killed).filteredOn(r -> r.path("status").asText().equals("interrupted"))
                .allSatisfy(r -> assertThat(r.path("error").asText()).contains("the host stopped during the run"));
        System.out.printf("CrashIT done in %d ms%n", elapsedMillis(began));
    }

    private void start() throws Exception {
        Cli.Result start = cli.run("start");
        if (start.exitCode() != 0) {
            // the host's log goes with the test's temporary folder: keep what explains the failure in this class's output
            System.out.println("The host did not start again; its log says:");
            dist.logText().lines().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ") || l.startsWith("\t") || l.startsWith("Caused by"))
                    .forEach(System.out::println);
        }
        assertThat(start.exitCode()).as(start.all()).isZero();
    }

    /** The pid the running host wrote into its lock file. */
    private long hostPid() throws Exception {
        long pid = Long.parseLong(Files.readString(dist.home.resolve("data/tributary.lock")).trim());
        assertThat(ProcessHandle.of(pid)).as("host process %d", pid).isPresent();
        return pid;
    }

    private static void killDashNine(long pid) {
        ProcessHandle host = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("the host (pid " + pid + ") died by itself"));
        assertThat(host.destroyForcibly()).as("SIGKILL sent to %d", pid).isTrue();
        // not our child: onExit() would poll slowly
        await("host " + pid + " is gone").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(() -> !host.isAlive());
    }

    private static JsonNode awaitInstance(HostApi api) {
        return api.awaitInstance(INSTANCE, i -> true, Duration.ofSeconds(60), "instance " + INSTANCE + " is there");
    }

    private static JsonNode pollUntil(HostApi api, Predicate<JsonNode> done, String what) {
        return api.awaitInstance(INSTANCE, done, Duration.ofSeconds(60), what);
    }

    private static long elapsedMillis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
