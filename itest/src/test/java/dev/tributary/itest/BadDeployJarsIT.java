package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
import org.osgi.framework.Bundle;

/**
 * Generated bad files in {@code deploy/} ({@link BadJar}) on one host booted in this JVM, beside a
 * good bundle and a synced file-system instance. Each bad file gets one log line and one DEGRADED
 * check {@code deploy/<file>} saying why; the platform, the good bundle and the instance (its
 * documents, syncs and searches) are untouched; removing the file clears the error and leaves nothing
 * installed. {@link BadDeployIT} covers the same by hand, with a fix of each file.
 */
@AddLifecycleHook(FixedSeed.class)
class BadDeployJarsIT {

    private static final String STEADY = "steady";
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final AtomicInteger TRIES = new AtomicInteger();

    private static ScratchHost scratch;
    private static Map<String, String> documents;

    @BeforeContainer
    static void start() throws Exception {
        scratch = new ScratchHost("bad-deploy-jars", Map.of());
        Path source = Files.createDirectories(scratch.tmp.resolve("source"));
        Files.writeString(source.resolve("memo.txt"), "The narwhal memo");
        Files.writeString(source.resolve("notes.txt"), "The capybara notes");
        TestBundles.drop(scratch.host.dist.deploy(), "good.jar", scratch.host.bundles.probe("1.0.0"));
        scratch.host.dist.deployConnector("filesystem");
        Files.writeString(scratch.host.dist.etc().resolve(BadConfigFile.PID + "~" + STEADY + ".cfg"), BadConfigFile.good(source.toString()));
        scratch.api.awaitInstance(STEADY, i -> true, Duration.ofSeconds(60), "instance " + STEADY + " appears");
        assertThat(scratch.api.syncAndAwait(STEADY, true).path("status").asText()).isEqualTo("succeeded");
        documents = scratch.api.contentHashes(STEADY);
        assertThat(documents).hasSize(2);
        await().atMost(SOON).until(() -> scratch.host.deployed("good.jar") != null && scratch.host.deployed("good.jar").getState() == Bundle.ACTIVE);
        assertThat(scratch.health.problems()).isEmpty();
    }

    @AfterContainer
    static void stop() {
        if (scratch != null) {
            scratch.close();
        }
    }

    @Provide
    Arbitrary<BadJar> badJars() {
        return BadJar.any();
    }

    @Property(tries = 40, shrinking = ShrinkingMode.OFF)
    void aBadFileIsReportedOnceWhereOpsLookHarmsNothingAndGoesWithItsFile(@ForAll("badJars") BadJar bad) throws Exception {
        Statistics.collect(bad.kind());
        int n = TRIES.incrementAndGet();
        String file = "bad-" + n + ".jar";
        int mark = scratch.health.logMark();
        drop(file, bad.make().bytes(scratch.host.bundles, "dev.tributary.itest.bad" + n));

        JsonNode check = scratch.health.awaitDegraded("deploy/" + file, SOON);
        assertThat(check.path("message").asText()).as("why %s is refused", bad).containsPattern(bad.reason()).doesNotContain("\tat ")
                .hasSizeLessThanOrEqualTo(500);
        assertThat(scratch.health.problems()).as("nothing else is wrong").hasSize(1);
        assertThat(scratch.health.linesSince(mark, "Deploy of " + file + " failed")).as("lines logged about %s", bad).singleElement().asString()
                .contains(" ERROR ").contains(check.path("message").asText());
        assertThat(scratch.host.deployed("good.jar").getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(scratch.host.context().getBundles()).filteredOn(InProcessHost::isPlatform).allMatch(InProcessHost::isRunning);
        assertThat(scratch.api.syncAndAwait(STEADY, false).path("status").asText()).isEqualTo("succeeded");
        assertThat(scratch.api.contentHashes(STEADY)).isEqualTo(documents);
        assertThat(scratch.api.search("capybara", "user:" + System.getProperty("user.name")).path("total").asLong()).isEqualTo(1);

        Files.delete(scratch.host.dist.deploy().resolve(file));
        await("removing " + file + " clears its error").atMost(SOON)
                .until(() -> scratch.health.problems().isEmpty() && scratch.host.deployed(file) == null);
    }

    /**
     * Written aside with a modification time a minute back, then moved in: a file that old which is
     * still cut short is damaged, not being copied, and is reported at once.
     */
    private static void drop(String file, byte[] content) throws Exception {
        Path aside = scratch.host.dist.deploy().resolve("." + file + ".part");
        Files.write(aside, content);
        Files.setLastModifiedTime(aside, FileTime.from(Instant.now().minusSeconds(60)));
        Files.move(aside, scratch.host.dist.deploy().resolve(file), StandardCopyOption.ATOMIC_MOVE);
    }
}
