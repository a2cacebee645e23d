package dev.tributary.itest;

import static org.awaitility.Awaitility.await;

import dev.tributary.launcher.Host;
import dev.tributary.launcher.Settings;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * The assembled distribution booted in this JVM through the real launcher, so a test can look
 * at the framework (bundles, wirings, threads, heap) while driving it only as ops do: files in
 * deploy/ and etc/, and HTTP.
 */
final class InProcessHost implements AutoCloseable {

    final Distribution dist;
    final Host host;
    final TestBundles bundles = new TestBundles(Paths.get(System.getProperty("tributary.fixtures", "target/classes")));

    InProcessHost(Path parent) throws Exception {
        this(parent, Map.of());
    }

    /** @param frameworkProperties overrides of the launcher's framework properties */
    InProcessHost(Path parent, Map<String, String> frameworkProperties) throws Exception {
        this(Distribution.copy(parent, "tributary"), frameworkProperties);
    }

    /** Boots an existing copy again, as a restart would. */
    static InProcessHost reopen(Path home, Map<String, String> frameworkProperties) throws Exception {
        return new InProcessHost(Distribution.existing(home), frameworkProperties);
    }

    private InProcessHost(Distribution dist, Map<String, String> frameworkProperties) throws Exception {
        this.dist = dist;
        Settings settings = Settings.load(dist.home, Map.of("TRIBUTARY_HTTP_PORT", Integer.toString(dist.port)));
        this.host = Host.start(settings, frameworkProperties);
        await("/health answers 200").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> dist.get("/health").statusCode() == 200);
    }

    BundleContext context() {
        return host.framework().getBundleContext();
    }

    /** The bundle installed from deploy/{@code file}, or null. */
    Bundle deployed(String file) {
        return context().getBundle("deploy:" + file);
    }

    static boolean isPlatform(Bundle b) {
        return !b.getLocation().startsWith("deploy:") && b.getBundleId() != 0;
    }

    static boolean isRunning(Bundle b) {
        return b.getState() == Bundle.ACTIVE
                || b.getHeaders("").get(Constants.FRAGMENT_HOST) != null && b.getState() == Bundle.RESOLVED;
    }

    @Override
    public void close() {
        host.close();
    }
}
