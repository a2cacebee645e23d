package dev.tributary.itest;

import static dev.tributary.itest.HostApi.lastRunId;
import static dev.tributary.itest.HostApi.running;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

/**
 * The file-system connector's bundle replaced in deploy/ ten times during one sync, as ops upgrade it
 * (a changed jar written aside, then moved in): each replacement interrupts the run (recorded as
 * {@code interrupted}), and the host resumes it from its checkpoint by itself once the new
 * connector is there — nobody triggers it again. The sync ends with exactly the source's documents.
 */
class RedeployIT extends RunningHost {

    /**
     * Enough that the sync outlasts ten redeploys: each takes about a second here (the deploy watcher's
     * poll and quiet time, the bundle update, the new run starting), the runs storing 1,000 to 2,500
     * documents meanwhile — more on a faster machine. The test says so when the sync ends first.
     */
    private static final int FILES = 50_000;
    private static final int REDEPLOYS = 10;
    private static final String INSTANCE = "notes";
    private static final String JAR = "filesystem.jar";

    @Test
    void replacingTheConnectorTenTimesDuringASyncInterruptsAndResumesItWithNothingLostOrDuplicated() throws Exception {
        long began = System.nanoTime();
        long seed = Long.getLong("tributary.redeploy.seed", new Random().nextLong());
        System.out.println("RedeployIT seed " + seed + " (replay with -Dtributary.redeploy.seed=" + seed + ")");
        Path source = tmp.resolve("source");
        Map<String, String> expected = SourceTree.write(source, FILES, new Random(seed));
        startWithConnector("filesystem");
        Files.writeString(dist.etc().resolve("dev.tributary.connector.filesystem~" + INSTANCE + ".cfg"),
                "root = " + source + "\nschedule = manual\n");
        HostApi api = new HostApi(dist);
        long before = lastRunId(api.awaitInstance(INSTANCE, i -> true, Duration.ofSeconds(60), "the instance is there"));
        byte[] original = Files.readAllBytes(dist.deploy().resolve(JAR));
        Version shipped = version(original);
        System.out.printf("source of %d files written, host started: %d ms%n", FILES, elapsedMillis(began));

        api.sync(INSTANCE);
        JsonNode run = api.awaitInstance(INSTANCE, i -> lastRunId(i) > before, Duration.ofSeconds(30), "the sync starts");
        long syncStarted = System.nanoTime();
        for (int r = 1; r <= REDEPLOYS; r++) {
            long runId = lastRunId(run);
            long atStart = run.path("documents").asLong();
            JsonNode progressed = api.awaitInstance(INSTANCE, i -> i.path("documents").asLong() > atStart || !running(i),
                    Duration.ofSeconds(60), "run " + runId + " stores documents");
            assertThat(running(progressed)).as("the sync still runs at redeploy %d (%d of %d documents): make the source larger for this "
                    + "machine", r, progressed.path("documents").asLong(), FILES).isTrue();
            Version next = new Version(shipped.getMajor(), shipped.getMinor(), shipped.getMicro(), "redeploy" + r);
            TestBundles.drop(dist.deploy(), JAR, withVersion(original, next));
            run = api.awaitInstance(INSTANCE, i -> lastRunId(i) > runId, Duration.ofSeconds(60), "a run resumes after redeploy " + r);
            System.out.printf("redeploy %2d (%s): run %d interrupted at %5d documents, run %d resumes (%d ms into the sync)%n", r, next, runId,
                    progressed.path("documents").asLong(), lastRunId(run), elapsedMillis(syncStarted));
        }
        long lastId = lastRunId(run);
        JsonNode end = api.awaitInstance(INSTANCE, i -> lastRunId(i) == lastId && !running(i), Duration.ofSeconds(120), "the resumed sync ends");
        System.out.printf("sync ended after %d ms: %s%n", elapsedMillis(syncStarted), end.path("lastRun"));

        assertThat(bundleVersion(api)).as("the bundle running").isEqualTo(new Version(shipped.getMajor(), shipped.getMinor(),
                shipped.getMicro(), "redeploy" + REDEPLOYS).toString());
        SourceCheck.assertHoldsExactly(api, INSTANCE, expected);

        List<JsonNode> runs = api.runs(INSTANCE);
        assertThat(runs).as("one run per redeploy, then the one that finished").hasSize(REDEPLOYS + 1);
        assertThat(runs.get(0).path("status").asText()).as("the last run: %s", runs.get(0)).isEqualTo("succeeded");
        assertThat(runs.subList(1, runs.size())).as("each redeploy interrupted the run under way").allSatisfy(r -> {
            assertThat(r.path("status").asText()).isEqualTo("interrupted");
            assertThat(r.path("error").asText()).contains("connector went away or changed");
        });
        assertThat(runs.get(runs.size() - 1).path("mode").asText()).isEqualTo("full");
        assertThat(runs.subList(0, runs.size() - 1)).as("each resumed run starts from the checkpoint")
                .allSatisfy(r -> assertThat(r.path("mode").asText()).isEqualTo("incremental"));
        long added = runs.stream().mapToLong(r -> r.path("added").asLong()).sum();
        long seen = runs.stream().mapToLong(r -> r.path("seen").asLong()).sum();
        System.out.printf("over %d runs: seen %d, added %d; RedeployIT done in %d ms%n", runs.size(), seen, added, elapsedMillis(began));
        assertThat(added).as("each file added once over all the runs").isEqualTo(FILES);
        assertThat(seen).as("files read over all the runs: each resumed where the last stopped").isLessThanOrEqualTo(FILES + 100L * REDEPLOYS);
    }

    /** The connector jar with another Bundle-Version: what a rebuilt connector looks like to the host. */
    private static byte[] withVersion(byte[] jar, Version version) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(jar.length + 64);
        Manifest manifest = manifest(jar);
        manifest.getMainAttributes().putValue("Bundle-Version", version.toString());
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            try (JarOutputStream copy = new JarOutputStream(out, manifest)) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals("META-INF/")) {
                        continue; // written first by JarOutputStream
                    }
                    copy.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(copy);
                    copy.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static Version version(byte[] jar) throws IOException {
        return Version.parseVersion(manifest(jar).getMainAttributes().getValue("Bundle-Version"));
    }

    private static Manifest manifest(byte[] jar) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(JarFile.MANIFEST_NAME)) {
                    return new Manifest(in);
                }
            }
        }
        throw new IllegalArgumentException("the jar has no " + JarFile.MANIFEST_NAME);
    }

    /** The version of the bundle deployed from {@value #JAR}, as GET /api/v1/connectors lists it. */
    private static String bundleVersion(HostApi api) throws Exception {
        for (JsonNode b : api.connectors().path("bundles")) {
            if (JAR.equals(b.path("file").asText())) {
                return b.path("version").asText();
            }
        }
        throw new AssertionError("no bundle deployed from " + JAR + " in " + api.connectors());
    }

    private static long elapsedMillis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }
}
