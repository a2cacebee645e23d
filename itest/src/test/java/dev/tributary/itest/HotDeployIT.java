package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevisions;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * deploy/ is hot: a dropped bundle is installed and started, an overwritten one updated, a
 * deleted one uninstalled — again and again without leaking revisions, threads or heap, and
 * without ever refreshing the platform.
 */
class HotDeployIT {

    private static final Duration EFFECTIVE = Duration.ofMillis(1500);

    @TempDir
    Path tmp;
    InProcessHost host;
    final List<String> platformEvents = new CopyOnWriteArrayList<>();
    final List<String> clientEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void boot() throws Exception {
        host = new InProcessHost(tmp);
        host.context().addBundleListener((SynchronousBundleListener) e -> {
            Bundle b = e.getBundle();
            if (InProcessHost.isPlatform(b) && (e.getType() == BundleEvent.UNRESOLVED || e.getType() == BundleEvent.STOPPED
                    || e.getType() == BundleEvent.UPDATED)) {
                platformEvents.add(b.getSymbolicName() + " " + e.getType());
            }
            if (TestBundles.CLIENT.equals(b.getSymbolicName()) && e.getType() == BundleEvent.UNRESOLVED) {
                clientEvents.add("unresolved");
            }
        });
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void installUpdateRemoveFiftyTimesLeaksNothingAndNeverRefreshesThePlatform() throws Exception {
        cycle(0); // warm-up: first use loads classes and starts pools that stay
        int baselineThreads = liveThreadsAfterSettling();
        long baselineHeap = heapAfterGc();

        for (int i = 1; i <= 50; i++) {
            cycle(i);
        }

        // One last install: exactly one revision of it, wired, and nothing waiting for removal.
        TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe("9.9.9"));
        Bundle probe = awaitActive("probe.jar", "9.9.9");
        assertThat(probe.adapt(BundleRevisions.class).getRevisions()).hasSize(1);
        assertThat(probe.adapt(BundleWiring.class).isInUse()).isTrue();
        FrameworkWiring wiring = host.context().getBundle(0).adapt(FrameworkWiring.class);
        assertThat(wiring.getRemovalPendingBundles()).isEmpty();
        assertThat(host.context().getBundles()).filteredOn(b -> TestBundles.PROBE.equals(b.getSymbolicName())).hasSize(1);

        Files.delete(host.dist.deploy().resolve("probe.jar"));
        await().atMost(EFFECTIVE).until(() -> host.deployed("probe.jar") == null);

        int threads = liveThreadsAfterSettling();
        long heap = heapAfterGc();
        System.out.printf("threads %d -> %d, heap after GC %.1f MB -> %.1f MB%n", baselineThreads, threads,
                baselineHeap / 1e6, heap / 1e6);
        // a leak shows as more threads; fewer is an idle pool thread that ended meanwhile
        assertThat(threads).as("live threads after 50 cycles").isLessThanOrEqualTo(baselineThreads + 2);
        assertThat(heap - baselineHeap).as("heap growth after GC, bytes").isLessThan(10_000_000L);
        assertThat(platformEvents).as("platform bundles stopped, refreshed or updated").isEmpty();
        assertThat(wiring.getRemovalPendingBundles()).isEmpty();
    }

    @Test
    void updatingABundleRefreshesItsDependantsOnlyAndALostDependencyIsReportedThenHealed() throws Exception {
        TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe("1.0.0"));
        awaitActive("probe.jar", "1.0.0");
        TestBundles.drop(host.dist.deploy(), "client.jar", host.bundles.client("1.0.0"));
        Bundle client = awaitActive("client.jar", "1.0.0");

        TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe("1.0.1"));
        Bundle probe = awaitActive("probe.jar", "1.0.1");
        await().atMost(EFFECTIVE).until(() -> client.getState() == Bundle.ACTIVE && !clientEvents.isEmpty());
        // the client was refreshed onto the new revision of the probe; the platform was not touched
        Bundle wiredTo = client.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package").stream()
                .filter(w -> w.getCapability().getAttributes().get("osgi.wiring.package").equals("dev.tributary.itest.probe.shared"))
                .findFirst().orElseThrow().getProvider().getBundle();
        assertThat(wiredTo.getVersion().toString()).isEqualTo("1.0.1");
        assertThat(probe.adapt(BundleRevisions.class).getRevisions()).hasSize(1);
        assertThat(platformEvents).isEmpty();

        // without the probe the client cannot run, and says why
        Files.delete(host.dist.deploy().resolve("probe.jar"));
        await().atMost(EFFECTIVE).until(() -> host.dist.get("/health").body().contains("deploy/client.jar"));
        assertThat(host.dist.get("/health").body()).contains("missing package dev.tributary.itest.probe.shared");
        assertThat(client.getState()).isNotEqualTo(Bundle.ACTIVE);

        // the probe comes back: the client starts again on its own
        TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe("1.0.2"));
        await().atMost(EFFECTIVE.multipliedBy(2)).until(() -> client.getState() == Bundle.ACTIVE);
        await().atMost(EFFECTIVE).until(() -> !host.dist.get("/health").body().contains("deploy/client.jar"));
        assertThat(platformEvents).isEmpty();
    }

    @Test
    void aJarStillBeingCopiedIsNotInstalledHalfWritten() throws Exception {
        byte[] jar = host.bundles.probe("2.0.0");
        Path target = host.dist.deploy().resolve("slow.jar");
        // write the first half, wait longer than the quiet period, then the rest
        Files.write(target, java.util.Arrays.copyOf(jar, jar.length / 2));
        await("half a jar stays uninstalled and unreported").during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2))
                .until(() -> host.deployed("slow.jar") == null && !host.dist.get("/health").body().contains("slow.jar"));
        Files.write(target, jar);
        awaitActive("slow.jar", "2.0.0");
        assertThat(host.dist.logText()).doesNotContain("Deploy of slow.jar failed");
    }

    /** Install v{i}.0, overwrite with v{i}.1, delete: each step effective within 1.5 s. */
    private void cycle(int i) throws Exception {
        TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe(i + ".0.0"));
        awaitActive("probe.jar", i + ".0.0");
        TestBundles.drop(host.dist.deploy(), "probe.jar", host.bundles.probe(i + ".1.0"));
        awaitActive("probe.jar", i + ".1.0");
        Files.delete(host.dist.deploy().resolve("probe.jar"));
        await().atMost(EFFECTIVE).pollInterval(Duration.ofMillis(20)).until(() -> host.deployed("probe.jar") == null);
    }

    private Bundle awaitActive(String file, String version) {
        await(file + " " + version + " active").atMost(EFFECTIVE).pollInterval(Duration.ofMillis(20)).until(() -> {
            Bundle b = host.deployed(file);
            return b != null && b.getVersion().toString().equals(version) && b.getState() == Bundle.ACTIVE;
        });
        return host.deployed(file);
    }

    /** Thread counts wobble while pools wind down: take the value once it held still for a moment. */
    private static int liveThreadsAfterSettling() {
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int now = ManagementFactory.getThreadMXBean().getThreadCount();
            boolean stable = now == last[0];
            last[0] = now;
            return stable;
        });
        return last[0];
    }

    private static long heapAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }
}
