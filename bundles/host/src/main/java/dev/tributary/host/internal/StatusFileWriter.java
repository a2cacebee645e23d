package dev.tributary.host.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.api.deploy.DeployFailure;
import dev.tributary.api.deploy.DeployMonitor;
import dev.tributary.api.health.HealthCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleListener;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code data/run/status.json} current (state, bundles, failed deploys, health) so that
 * {@code bin/tributary status} works without HTTP, credentials or a running JVM of its own.
 * Writes are debounced and atomic; the file is readable by its owner only.
 */
@Component(immediate = true)
public final class StatusFileWriter {

    static final String STATUS_FILE = "run/status.json";
    private static final Logger LOG = LoggerFactory.getLogger(StatusFileWriter.class);
    private static final long DEBOUNCE_MILLIS = 50;

    private final BundleContext context;
    private final PlatformHealthCheck platform;
    private final Path file;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ScheduledExecutorService executor;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final BundleListener bundleListener = e -> schedule();
    private final ServiceListener serviceListener = e -> schedule();
    private final FrameworkListener frameworkListener = this::frameworkEvent;
    private final Runnable deployListener = this::schedule;
    private volatile boolean stopping;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<HealthCheck> checks;

    private volatile DeployMonitor deploy;

    @Activate
    public StatusFileWriter(BundleContext context, @Reference PlatformHealthCheck platform) {
        this.context = context;
        this.platform = platform;
        this.file = Paths.get(context.getProperty("tributary.data.dir") == null ? "data" : context.getProperty("tributary.data.dir"))
                .resolve(STATUS_FILE);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-status");
            t.setDaemon(true);
            return t;
        });
        context.addBundleListener(bundleListener);
        context.addServiceListener(serviceListener);
        context.addFrameworkListener(frameworkListener);
        schedule();
    }

    private void frameworkEvent(FrameworkEvent e) {
        if (e.getType() == FrameworkEvent.STARTED) {
            LOG.info("Tributary {} is up: {}", context.getProperty("tributary.version"), context.getProperty("tributary.http.url"));
        }
        if (e.getType() == FrameworkEvent.STARTED || e.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            schedule();
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindDeploy(DeployMonitor monitor) {
        monitor.addListener(deployListener);
        deploy = monitor;
        schedule();
    }

    void unbindDeploy(DeployMonitor monitor) {
        monitor.removeListener(deployListener);
        if (deploy == monitor) {
            deploy = null;
        }
        schedule();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (context.getBundle(0).getState() == Bundle.STOPPING) {
            LOG.info("Tributary is stopping");
        }
        context.removeBundleListener(bundleListener);
        context.removeServiceListener(serviceListener);
        context.removeFrameworkListener(frameworkListener);
        executor.shutdownNow();
        executor.awaitTermination(5, TimeUnit.SECONDS);
        stopping = true;
        write();
    }

    private void schedule() {
        if (pending.compareAndSet(false, true)) {
            try {
                executor.schedule(() -> {
                    pending.set(false);
                    write();
                }, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // shutting down: deactivate writes the last state
            }
        }
    }

    private synchronized void write() {
        try {
            Files.createDirectories(file.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            json.writeValue(tmp.toFile(), snapshot());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write {}: {}", file, e.toString());
        }
    }

    private Map<String, Object> snapshot() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("state", stopping ? "stopping" : started() ? "running" : "starting");
        s.put("pid", ProcessHandle.current().pid());
        s.put("version", context.getProperty("tributary.version"));
        s.put("startedAt", startedAt());
        s.put("writtenAt", Instant.now().toString());
        s.put("httpUrl", context.getProperty("tributary.http.url"));
        HealthReport health = HealthReport.of(checks == null ? List.of() : checks);
        s.put("health", health);
        List<Map<String, Object>> bundles = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", b.getBundleId());
            m.put("symbolicName", b.getSymbolicName());
            m.put("version", b.getVersion().toString());
            m.put("state", Bundles.stateName(b));
            m.put("location", b.getLocation());
            bundles.add(m);
        }
        s.put("bundles", bundles);
        s.put("failures", failures());
        return s;
    }

    private List<Map<String, Object>> failures() {
        List<Map<String, Object>> failures = new ArrayList<>();
        DeployMonitor monitor = deploy;
        if (monitor != null) {
            for (DeployFailure f : monitor.failures()) {
                failures.add(Map.of("file", f.file(), "reason", f.reason(), "since", f.since().toString()));
            }
        }
        for (ComponentProblems.Problem p : platform.deployedComponentProblems()) {
            String fileName = p.bundle().getLocation().substring(DeployMonitor.LOCATION_PREFIX.length());
            failures.add(Map.of("file", fileName, "reason", "component " + p.component() + " " + p.reason()));
        }
        return failures;
    }

    private boolean started() {
        Bundle system = context.getBundle(0);
        FrameworkStartLevel fsl = system.adapt(FrameworkStartLevel.class);
        String beginning = context.getProperty("org.osgi.framework.startlevel.beginning");
        int target = beginning == null ? 1 : Integer.parseInt(beginning.trim());
        return system.getState() == Bundle.ACTIVE && fsl.getStartLevel() >= target;
    }

    private String startedAt() {
        String millis = context.getProperty("tributary.started");
        return Instant.ofEpochMilli(millis == null ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()
                : Long.parseLong(millis)).toString();
    }
}
