package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The file-system connector end to end on a real host: dropped into deploy/, an instance made
 * with a .cfg file, synced, searched over REST and the CLI, kept current, permission-aware.
 */
class FilesystemIT extends RunningHost {

    private static final String CFG = "dev.tributary.connector.filesystem~docs.cfg";

    @Test
    void dropConfigureSyncSearchEditDeleteAndPurge() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("source"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwxr-xr-x"));
        write(source.resolve("handbook/onboarding.md"), "# Onboarding\nEvery new colleague gets a kumquat on day one.", "rw-r--r--");
        write(source.resolve("handbook/policies.html"),
                "<html><head><title>Travel policy</title></head><body><p>Book trains before flights: zeppelin rules apply.</p></body></html>",
                "rw-r--r--");
        write(source.resolve("private/salaries.txt"), "The quokka budget is confidential.", "rw-------");
        Files.setPosixFilePermissions(source.resolve("private"), PosixFilePermissions.fromString("rwx------"));

        startWithConnector("filesystem");
        Files.writeString(dist.etc().resolve(CFG), "root = " + source + "\nschedule = manual\n");
        await("instance docs appears").atMost(Duration.ofSeconds(20))
                .until(() -> cli.run("instances", "--json").out().contains("\"docs\""));

        Cli.Result sync = cli.run("sync", "docs", "--wait");
        assertThat(sync.exitCode()).as(sync.all()).isZero();
        assertThat(sync.out()).contains("succeeded").contains("added 3");
        // every line logged during the run names it (logging context), whichever logger wrote it
        assertThat(Files.readAllLines(dist.log())).anySatisfy(line -> assertThat(line).contains("[run docs#1] dev.tributary.sync.docs | ")
                .contains("Sync succeeded"));

        JsonNode hits = awaitHits("kumquat", "user:nobody", 1);
        JsonNode hit = hits.path("hits").get(0);
        assertThat(hit.path("title").asText()).isEqualTo("onboarding.md");
        assertThat(hit.path("url").asText()).isEqualTo(source.resolve("handbook/onboarding.md").toUri().toString());
        assertThat(hit.path("snippet").asText()).contains("<mark>kumquat</mark>");
        assertThat(hit.path("instanceId").asText()).isEqualTo("docs");
        assertThat(awaitHits("zeppelin", "user:nobody", 1).path("hits").get(0).path("title").asText()).isEqualTo("Travel policy");

        // POSIX rights: only the owner finds the private file
        assertThat(search("quokka", "user:nobody").path("total").asLong()).isZero();
        String me = System.getProperty("user.name");
        assertThat(search("quokka", "user:" + me).path("total").asLong()).isEqualTo(1);

        // the CLI searches too, as the principal asked for
        Cli.Result cliSearch = cli.run("search", "kumquat", "--as", "user:nobody", "--json");
        assertThat(cliSearch.exitCode()).as(cliSearch.all()).isZero();
        assertThat(JSON.readTree(cliSearch.out()).path("total").asLong()).isEqualTo(1);
        assertThat(cli.run("search", "quokka", "--as", "user:nobody").out()).startsWith("0 hit(s)");

        // edits and deletions show after the next sync
        write(source.resolve("handbook/onboarding.md"), "# Onboarding\nEvery new colleague gets a pangolin sticker.", "rw-r--r--");
        Files.delete(source.resolve("handbook/policies.html"));
        assertThat(cli.run("sync", "docs", "--wait").exitCode()).isZero();
        awaitHits("pangolin", "user:nobody", 1);
        awaitHits("kumquat", "user:nobody", 0);
        awaitHits("zeppelin", "user:nobody", 0);

        // deleting the instance's configuration purges its documents
        Files.delete(dist.etc().resolve(CFG));
        awaitHits("pangolin", "user:nobody", 0);
        awaitHits("quokka", "user:" + me, 0);
    }

    private static void write(Path file, String text, String permissions) throws Exception {
        Files.createDirectories(file.getParent());
        Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }
}
