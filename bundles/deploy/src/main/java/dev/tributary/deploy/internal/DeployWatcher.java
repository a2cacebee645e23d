package dev.tributary.deploy.internal;

import dev.tributary.api.deploy.DeployFailure;
import dev.tributary.api.deploy.DeployMonitor;
import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bundles installed from the deploy folder in step with its files: a new file is
 * installed and started, a changed one updated, a deleted one uninstalled. Files are polled (no
 * file-system events to lose) and read only once they have been quiet for a moment. All work
 * happens on one thread, so the framework sees one change at a time.
 */
@Component(name = "dev.tributary.deploy", service = {DeployMonitor.class, HealthCheck.class}, immediate = true)
@Designate(ocd = DeployWatcher.Config.class)
public final class DeployWatcher implements DeployMonitor, HealthCheck {

    @ObjectClassDefinition(name = "Tributary deploy folder",
            description = "How the host watches deploy/ for connector bundles.")
    public @interface Config {
        @AttributeDefinition(name = "Poll interval (ms)",
                description = "How often the folder is listed. Lower reacts sooner; each listing costs a few file stats.")
        long pollMillis() default 200;

        @AttributeDefinition(name = "Quiet period (ms)",
                description = "A file must stay unchanged this long before it is read, so half-copied jars are never installed.")
        long quietMillis() default 200;
    }

    /** Framework property naming the folder; the launcher sets it. */
    static final String DIRECTORY_PROPERTY = "tributary.deploy.dir";

    private static final Logger LOG = LoggerFactory.getLogger(DeployWatcher.class);
    /** A jar modified this recently and still truncated is assumed to be mid-copy, not broken. */
    private static final long COPY_GRACE_MILLIS = 2000;
    /** Longest reason reported for a file. */
    static final int MAX_REASON = 500;

    private final BundleContext context;
    private final Path directory;
    private final FileStabilityTracker tracker;
    private final BundleOperations operations;
    private final Fingerprints fingerprints;
    private final Map<String, DeployFailure> failures = new ConcurrentSkipListMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService executor;

    @Activate
    public DeployWatcher(BundleContext context, Config config) throws IOException {
        this.context = context;
        String dir = context.getProperty(DIRECTORY_PROPERTY);
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("framework property " + DIRECTORY_PROPERTY
                    + " is not set: start the host with bin/tributary, which sets it");
        }
        this.directory = Paths.get(dir).toAbsolutePath().normalize();
        Files.createDirectories(directory);
        this.tracker = new FileStabilityTracker(config.quietMillis());
        this.operations = new BundleOperations(context);
        this.fingerprints = new Fingerprints(context.getDataFile("fingerprints.properties").toPath());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-deploy");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::uninstallOrphans);
        executor.scheduleWithFixedDelay(this::scanSafely, 0, Math.max(20, config.pollMillis()), TimeUnit.MILLISECONDS);
        LOG.info("Watching {} for bundles", directory);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("The deploy thread did not stop within 30 s");
        }
    }

    @Override
    public Path directory() {
        return directory;
    }

    @Override
    public List<DeployFailure> failures() {
        return List.copyOf(failures.values());
    }

    @Override
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    @Override
    public List<HealthCheckResult> check() {
        List<DeployFailure> now = failures();
        if (now.isEmpty()) {
            return List.of(HealthCheckResult.up("deploy", operations.deployed().size() + " bundle(s) deployed from " + directory));
        }
        List<HealthCheckResult> results = new ArrayList<>();
        for (DeployFailure f : now) {
            results.add(HealthCheckResult.degraded("deploy/" + f.file(), f.reason()));
        }
        return results;
    }

    /** A bundle whose file was deleted while the host was down is uninstalled at start. */
    private void uninstallOrphans() {
        for (Bundle b : operations.deployed()) {
            String name = b.getLocation().substring(DeployMonitor.LOCATION_PREFIX.length());
            if (!Files.isRegularFile(directory.resolve(name))) {
                removed(name);
            }
        }
    }

    private void scanSafely() {
        try {
            scan();
        } catch (RuntimeException e) {
            // Never let one bad scan kill the scheduled task: log and try again next tick.
            LOG.error("Scanning {} failed: {}", directory, e.toString(), e);
        }
    }

    private void scan() {
        Map<String, FileStabilityTracker.Stat> listing = list();
        if (listing == null) {
            return;
        }
        long now = System.nanoTime();
        boolean changed = false;
        for (String name : tracker.removed(listing.keySet())) {
            changed |= removed(name);
        }
        for (String name : tracker.ready(listing, now)) {
            try {
                changed |= deploy(name, now);
            } catch (RuntimeException e) {
                // one file the framework chokes on must not stop the others from deploying
                tracker.handled(name);
                fail(name, "it could not be deployed: " + e);
                LOG.debug("Deploying {} failed", name, e);
            }
        }
        if (changed) {
            recheckOthers();
            listeners.forEach(this::notifySafely);
        }
    }

    private Map<String, FileStabilityTracker.Stat> list() {
        Map<String, FileStabilityTracker.Stat> listing = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path p : files) {
                String name = p.getFileName().toString();
                if (ignored(name)) {
                    continue;
                }
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        listing.put(name, new FileStabilityTracker.Stat(a.size(), a.lastModifiedTime().toMillis()));
                    }
                } catch (IOException e) {
                    // Deleted between listing and stat: the next scan sees it gone.
                    LOG.debug("Cannot stat {}: {}", p, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.error("Cannot list the deploy folder {}: {}", directory, e.toString());
            return null;
        }
        return listing;
    }

    /** Hidden files and the usual temporary names of copy tools are never deployed. */
    static boolean ignored(String name) {
        return name.startsWith(".") || name.endsWith("~") || name.endsWith(".tmp")
                || name.endsWith(".part") || name.endsWith(".swp") || name.endsWith(".crdownload");
    }

    /** @return whether anything changed that others might depend on */
    private boolean deploy(String name, long nowNanos) {
        Path file = directory.resolve(name);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            tracker.retryLater(name, nowNanos);
            LOG.debug("Cannot read {} yet: {}", file, e.toString());
            return false;
        }
        BundleFile bundleFile = BundleFile.inspect(bytes);
        if (bundleFile.kind == BundleFile.Kind.INCOMPLETE && recentlyModified(file)) {
            tracker.retryLater(name, nowNanos);
            return false;
        }
        tracker.handled(name);
        if (bundleFile.kind != BundleFile.Kind.BUNDLE) {
            fail(name, bundleFile.problem);
            return false;
        }
        String hash = bundleFile.sha256();
        Bundle existing = context.getBundle(DeployMonitor.LOCATION_PREFIX + name);
        try {
            if (existing != null && hash.equals(fingerprints.get(name))) {
                // Unchanged content (e.g. touched, or the host restarted): only make sure it runs.
                return start(name, existing);
            }
            Bundle bundle;
            if (existing == null) {
                bundle = context.installBundle(DeployMonitor.LOCATION_PREFIX + name, new ByteArrayInputStream(bundleFile.bytes));
                LOG.info("Installed {} from {}", describe(bundle), name);
            } else {
                bundle = operations.update(existing, bundleFile.bytes);
                LOG.info("Updated {} from {}", describe(bundle), name);
            }
            fingerprints.put(name, hash);
            start(name, bundle);
            return true;
        } catch (BundleException | RuntimeException e) {
            fail(name, BundleOperations.explainInstall(e));
            return existing != null;
        }
    }

    private boolean recentlyModified(Path file) {
        try {
            return System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() < COPY_GRACE_MILLIS;
        } catch (IOException e) {
            return true;
        }
    }

    /** @return whether the bundle is now started */
    private boolean start(String name, Bundle bundle) {
        try {
            operations.start(bundle);
            Optional<String> broken = ComponentDescriptions.problem(bundle);
            if (broken.isPresent()) {
                fail(name, broken.get());
                return false;
            }
            if (failures.remove(name) != null) {
                LOG.info("{} now deploys: {} is {}", name, describe(bundle), stateName(bundle));
                listeners.forEach(this::notifySafely);
            }
            return true;
        } catch (BundleException | IllegalStateException e) {
            fail(name, BundleOperations.explain(e));
            return false;
        }
    }

    private boolean removed(String name) {
        failures.remove(name);
        fingerprints.remove(name);
        Bundle bundle = context.getBundle(DeployMonitor.LOCATION_PREFIX + name);
        if (bundle == null) {
            return true;
        }
        try {
            operations.uninstall(bundle);
            LOG.info("Uninstalled {} ({} was deleted)", describe(bundle), name);
        } catch (BundleException | IllegalStateException e) {
            LOG.error("Uninstalling {} after {} was deleted failed: {}", describe(bundle), name, BundleOperations.explain(e));
        }
        return true;
    }

    /** After a change, bundles that failed for want of a dependency may start, and dependants may break. */
    private void recheckOthers() {
        for (Bundle b : operations.deployed()) {
            String name = b.getLocation().substring(DeployMonitor.LOCATION_PREFIX.length());
            boolean failing = failures.containsKey(name);
            if ((failing || !operations.isRunning(b)) && Files.isRegularFile(directory.resolve(name))) {
                start(name, b);
            }
        }
    }

    private void fail(String name, String reason) {
        if (reason.length() > MAX_REASON) {
            // a header's value can be megabytes long: the line stays readable
            reason = reason.substring(0, MAX_REASON - 1) + "…";
        }
        DeployFailure previous = failures.get(name);
        if (previous != null && previous.reason().equals(reason)) {
            return;
        }
        failures.put(name, new DeployFailure(name, reason, Instant.now()));
        LOG.error("Deploy of {} failed: {}", name, reason);
        listeners.forEach(this::notifySafely);
    }

    private void notifySafely(Runnable listener) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            LOG.warn("A deploy listener failed: {}", e.toString());
        }
    }

    private static String describe(Bundle b) {
        return b.getSymbolicName() + " " + b.getVersion() + " [" + b.getBundleId() + "]";
    }

    private static String stateName(Bundle b) {
        return switch (b.getState()) {
            case Bundle.ACTIVE -> "active";
            case Bundle.RESOLVED -> b.getHeaders("").get(Constants.FRAGMENT_HOST) != null ? "attached" : "resolved";
            default -> "installed";
        };
    }
}
