package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** kill -9 of the host in the middle of a sync: the restarted host ends with exactly the source's documents. */
class CrashIT extends RunningHost {

    /** Enough that the sync (about 5k files/s here) is still running when the test kills the host. */
    private static final int FILES = 30_000;

    @Test
    void killDashNineMidSyncThenRestartEndsWithExactlyTheSourcesDocuments() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int i = 0; i < FILES; i++) {
            Path f = source.resolve("d" + (i % 20)).resolve("note-" + i + ".txt");
            Files.createDirectories(f.getParent());
            Files.writeString(f, "note number " + i + " about the harbour ferry");
        }
        startWithConnector("filesystem");
        Files.writeString(dist.etc().resolve("dev.tributary.connector.filesystem~notes.cfg"), "root = " + source + "\nschedule = manual\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("instances", "--json").out().contains("\"notes\""));

        assertThat(cli.run("sync", "notes").exitCode()).isZero();
        await("part of the sync committed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> documents(cli) > 0);
        long pid = JSON.readTree(cli.run("status", "--json").out()).path("pid").asLong();
        long before = documents(cli);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        assertThat(before).as("killed mid-sync").isLessThan(FILES);

        assertThat(cli.run("start").exitCode()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> cli.run("instances", "--json").out().contains("\"notes\""));
        Cli.Result sync = cli.run("sync", "notes", "--wait");
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(documents(cli)).isEqualTo(FILES);
        JsonNode runs = JSON.readTree(cli.run("instances", "--json").out()).path("instances").get(0);
        assertThat(runs.path("lastRun").path("status").asText()).isEqualTo("succeeded");
        // the index agrees with the store: every file is found once
        await("index caught up").atMost(Duration.ofSeconds(10)).until(() -> search("ferry", "user:nobody").path("total").asLong() == FILES);
    }

    private static long documents(Cli cli) throws Exception {
        JsonNode instances = JSON.readTree(cli.run("instances", "--json").out()).path("instances");
        return instances.isEmpty() ? 0 : instances.get(0).path("documents").asLong();
    }
}
