package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated bad {@code etc/} files for connector instances ({@link BadConfigFile}) on one host booted
 * in this JVM, with two synced file-system instances. A bad file is never applied: one ERROR line and
 * one DEGRADED check {@code etc/<file>} say why, until it is fixed or removed; the host and the other
 * instances go on syncing and searching. A good instance's file overwritten by a bad version keeps
 * the instance running with its last good settings (nothing stored is lost, its syncs go on);
 * saving the good version again clears the error.
 */
@AddLifecycleHook(FixedSeed.class)
class BadConfigFilesIT {

    private static final String STEADY = "steady";
    private static final String VICTIM = "victim";
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static ScratchHost scratch;
    private static Path steadySource;
    private static Path victimSource;
    private static Map<String, String> victimDocuments;

    @BeforeContainer
    static void start() throws Exception {
        // etc/ is read every 100 ms instead of 500: each try waits for it twice
        scratch = new ScratchHost("bad-config-files", Map.of("felix.fileinstall.poll", "100"));
        steadySource = source("steady", "The pangolin memo", "The okapi memo");
        victimSource = source("victim", "The axolotl memo", "The quokka memo", "The tapir memo");
        scratch.host.dist.deployConnector("filesystem");
        for (String id : new String[] {STEADY, VICTIM}) {
            write(cfg(id), BadConfigFile.good((id.equals(STEADY) ? steadySource : victimSource).toString()).getBytes(StandardCharsets.UTF_8));
            scratch.api.awaitInstance(id, i -> true, Duration.ofSeconds(60), "instance " + id + " appears");
            assertThat(scratch.api.syncAndAwait(id, true).path("status").asText()).isEqualTo("succeeded");
        }
        victimDocuments = scratch.api.contentHashes(VICTIM);
        assertThat(victimDocuments).hasSize(3);
        assertThat(scratch.health.problems()).isEmpty();
    }

    @AfterContainer
    static void stop() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Provide
    Arbitrary<BadConfigFile> anyBadFile() {
        return BadConfigFile.any();
    }

    @Provide
    Arbitrary<BadConfigFile> badContent() {
        return BadConfigFile.badContents();
    }

    /** A new bad file makes no instance, says why once, shows in /health until removed, and disturbs nothing else. */
    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void aBadNewFileIsRefusedWithOneClearErrorAndTheHostGoesOn(@ForAll("anyBadFile") BadConfigFile bad) throws Exception {
        Statistics.collect(bad.kind());
        String id = "bad" + TRIES.incrementAndGet();
        Path file = scratch.host.dist.etc().resolve(bad.name(id));
        int mark = scratch.health.logMark();
        write(file, bad.content().apply(victimSource.toString()));

        JsonNode check = awaitRefusal(file);
        assertThat(check.path("message").asText()).as("why %s is refused", bad).contains(bad.reason()).hasSizeLessThan(1500);
        assertThat(scratch.health.problems()).as("nothing else is wrong").hasSize(1);
        assertThat(scratch.api.get("/api/v1/instances").toString()).as("no instance from %s", bad).doesNotContain(id);
        assertOthersWork();
        assertThat(scratch.health.linesSince(mark, id)).as("lines logged about %s", bad).singleElement().asString().contains(" ERROR ")
                .contains(bad.reason());

        Files.delete(file);
        await("removing " + file.getFileName() + " clears its error").atMost(SOON).until(() -> scratch.health.problems().isEmpty());
    }

    /**
     * A good instance's file saved with bad content: refused, and the instance runs on with its last
     * good settings (its documents and its syncs); saving the good content again clears the error.
     */
    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void aGoodFileOverwrittenByABadVersionKeepsItsInstanceRunningAsBefore(@ForAll("badContent") BadConfigFile bad) throws Exception {
        Statistics.collect(bad.kind());
        Path file = cfg(VICTIM);
        byte[] good = Files.readAllBytes(file);
        int mark = scratch.health.logMark();
        write(file, bad.content().apply(victimSource.toString()));

        JsonNode check = awaitRefusal(file);
        assertThat(check.path("message").asText()).as("why %s is refused", bad).contains(bad.reason())
                .contains("keeps the values it runs with");
        assertThat(scratch.health.linesSince(mark, file.getFileName().toString())).as("lines logged about %s", bad).singleElement().asString()
                .contains(" ERROR ").contains(bad.reason());
        JsonNode run = scratch.api.syncAndAwait(VICTIM, true);
        assertThat(run.path("status").asText()).as("a sync with the last good settings: %s", run).isEqualTo("succeeded");
        assertThat(run.path("unchanged").asLong()).as("%s", run).isEqualTo(victimDocuments.size());
        assertThat(scratch.api.contentHashes(VICTIM)).as("the documents stored before").isEqualTo(victimDocuments);
        assertThat(scratch.api.search("axolotl", "user:" + System.getProperty("user.name")).path("total").asLong()).isEqualTo(1);
        assertOthersWork();

        write(file, good);
        await("the good version clears the error").atMost(SOON).until(() -> scratch.health.problems().isEmpty());
        assertThat(scratch.health.linesSince(mark, file.getFileName() + " applies now")).hasSize(1);
    }

    /** The check that names the file, once /health shows it. */
    private static JsonNode awaitRefusal(Path file) {
        return scratch.health.awaitDegraded("etc/" + file.getFileName(), SOON);
    }

    /** The host is up, the platform runs, and the steady instance still syncs and is found. */
    private static void assertOthersWork() throws Exception {
        assertThat(scratch.health.check("platform").orElseThrow().path("status").asText()).isEqualTo("UP");
        assertThat(scratch.api.syncAndAwait(STEADY, false).path("status").asText()).isEqualTo("succeeded");
        assertThat(scratch.api.search("pangolin", "user:" + System.getProperty("user.name")).path("total").asLong()).isEqualTo(1);
        assertThat(scratch.api.instance(VICTIM).orElseThrow().path("documents").asLong()).isEqualTo(victimDocuments.size());
    }

    private static Path cfg(String instance) {
        return scratch.host.dist.etc().resolve(BadConfigFile.PID + "~" + instance + ".cfg");
    }

    /** Written aside and moved in, as an editor saves: FileInstall never reads half a file. */
    private static void write(Path file, byte[] content) throws Exception {
        Path aside = file.resolveSibling(".aside.tmp");
        Files.write(aside, content);
        Files.move(aside, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path source(String name, String... texts) throws Exception {
        Path dir = Files.createDirectories(scratch.tmp.resolve("sources").resolve(name));
        for (int i = 0; i < texts.length; i++) {
            Files.writeString(dir.resolve("note-" + i + ".txt"), texts[i]);
        }
        return dir;
    }
}
