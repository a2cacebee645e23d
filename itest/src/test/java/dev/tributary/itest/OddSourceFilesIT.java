package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.itest.OddSourceFile.Planted;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * Generated folders of odd files ({@link OddSourceFile}) synced by a file-system instance on a host
 * booted in this JVM. The sync succeeds; every readable file is one document, found by its words
 * (decoded right where the encoding can be told) and linking back to the file; each entry that
 * cannot be read or named is one failed item with one log line saying why; syncing again, in full or
 * incrementally, changes nothing.
 */
@AddLifecycleHook(FixedSeed.class)
class OddSourceFilesIT {

    private static final AtomicInteger TRIES = new AtomicInteger();
    private static final String ME = "user:" + System.getProperty("user.name");

    private static ScratchHost scratch;

    @BeforeContainer
    static void start() throws Exception {
        scratch = new ScratchHost("odd-source-files", Map.of("felix.fileinstall.poll", "100"));
        scratch.host.dist.deployConnector("filesystem");
    }

    @AfterContainer
    static void stop() throws Exception {
        if (scratch != null) {
            // rm, not Java: some paths are longer than Java can reach
            OddSourceFile.shell("rm -rf \"$1\"", scratch.tmp.resolve("sources").toString());
            scratch.close();
        }
    }

    @Provide
    Arbitrary<List<OddSourceFile>> oddFolder() {
        return OddSourceFile.any().list().ofMinSize(4).ofMaxSize(9);
    }

    @Property(tries = 10, shrinking = ShrinkingMode.OFF)
    void everyReadableFileIsOneDocumentEveryOtherOneErrorAndASecondSyncChangesNothing(
            @ForAll("oddFolder") List<OddSourceFile> oddities) throws Exception {
        int n = TRIES.incrementAndGet();
        String instance = "odd" + n;
        Path root = Files.createDirectories(scratch.tmp.resolve("sources").resolve(instance)).toRealPath();
        List<Planted> planted = new ArrayList<>();
        for (int i = 0; i < oddities.size(); i++) {
            Statistics.collect(oddities.get(i).kind().replaceAll("'[^']*'|\\(.*\\)|\\d+", "…"));
            planted.addAll(oddities.get(i).plant().in(root, "t" + n + "x" + i + "q"));
        }
        Path cfg = scratch.host.dist.etc().resolve(BadConfigFile.PID + "~" + instance + ".cfg");
        Files.writeString(cfg, BadConfigFile.good(root.toString()));
        scratch.api.awaitInstance(instance, i -> true, Duration.ofSeconds(30), "instance " + instance + " appears");

        int mark = scratch.health.logMark();
        JsonNode first = scratch.api.syncAndAwait(instance, true);
        assertThat(first.path("status").asText()).as("the sync of %s: %s", oddities, first).isEqualTo("succeeded");
        Map<String, String> stored = scratch.api.contentHashes(instance);
        List<String> skipped = scratch.health.linesSince(mark, "[run " + instance + "#");
        skipped = skipped.stream().filter(l -> l.contains(" Skipped ")).toList();

        Set<String> expected = new TreeSet<>();
        long failures = 0;
        for (Planted p : planted) {
            switch (p.outcome()) {
                case FOUND -> {
                    expected.add(p.id());
                    assertFound(p);
                }
                case STORED -> expected.add(p.id());
                case FAILED -> {
                    failures++;
                    assertThat(skipped).as("the line that says why %s is skipped", p.logged()).filteredOn(l -> l.contains(p.logged())).hasSize(1);
                }
                case STORED_OR_FAILED -> {
                    boolean failed = skipped.stream().anyMatch(l -> l.contains(p.logged()));
                    failures += failed ? 1 : 0;
                    if (!failed) {
                        expected.add(p.id());
                    }
                }
            }
        }
        assertThat(stored.keySet()).as("documents of %s", oddities).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(first.path("failed").asLong()).as("failed items of %s: %s", oddities, skipped).isEqualTo(failures);
        assertThat(skipped).as("one line per failed item").hasSize((int) failures);

        for (boolean full : new boolean[] {true, false}) {
            JsonNode again = scratch.api.syncAndAwait(instance, full);
            assertThat(again.path("status").asText()).isEqualTo("succeeded");
            assertThat(again.path("added").asLong() + again.path("updated").asLong() + again.path("deleted").asLong())
                    .as("what a %s sync changed: %s", full ? "full" : "incremental", again).isZero();
            assertThat(again.path("failed").asLong()).isEqualTo(failures);
            assertThat(scratch.api.contentHashes(instance)).isEqualTo(stored);
        }
        assertThat(scratch.health.problems()).isEmpty();

        Files.delete(cfg);
        await("instance " + instance + " deleted with its file").atMost(Duration.ofSeconds(30)).until(() -> scratch.api.instance(instance).isEmpty());
    }

    /** Its words find it, and only it, and the hit links to the file. */
    private static void assertFound(Planted p) throws Exception {
        JsonNode[] last = new JsonNode[1];
        await("'" + p.query() + "' finds " + p.id()).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> (last[0] = scratch.api.search(p.query(), ME)).path("total").asLong() > 0);
        JsonNode hits = last[0];
        assertThat(hits.path("total").asLong()).as("'%s' finds %s: %s", p.query(), p.id(), hits).isEqualTo(1);
        JsonNode hit = hits.path("hits").get(0);
        assertThat(hit.path("url").asText()).as("the link of %s", p.id()).isEqualTo(p.file().toUri().toString());
        assertThat(hit.path("title").asText()).isEqualTo(p.file().getFileName().toString());
    }
}
