package dev.tributary.host.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.api.deploy.DeployFailure;
import dev.tributary.api.deploy.DeployMonitor;
import dev.tributary.api.health.HealthCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
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
            try (OutputStream out = Files.newOutputStream(tmp); JsonGenerator g = Json.generator(out, true)) {
                writeSnapshot(g);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write {}: {}", file, e.toString());
        }
    }

    private void writeSnapshot(JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("state", stopping ? "stopping" : started() ? "running" : "starting");
        g.writeNumberField("pid", ProcessHandle.current().pid());
        g.writeStringField("version", context.getProperty("tributary.version"));
        g.writeStringField("startedAt", startedAt());
        g.writeStringField("writtenAt", Instant.now().toString());
        g.writeStringField("httpUrl", context.getProperty("tributary.http.url"));
        g.writeFieldName("health");
        Json.writeHealth(g, HealthReport.of(checks == null ? List.of() : checks));
        g.writeArrayFieldStart("bundles");
        for (Bundle b : context.getBundles()) {
            g.writeStartObject();
            g.writeNumberField("id", b.getBundleId());
            g.writeStringField("symbolicName", b.getSymbolicName());
            g.writeStringField("version", b.getVersion().toString());
            g.writeStringField("state", Bundles.stateName(b));
            g.writeStringField("location", b.getLocation());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("failures");
        DeployMonitor monitor = deploy;
        if (monitor != null) {
            for (DeployFailure f : monitor.failures()) {
                g.writeStartObject();
                g.writeStringField("file", f.file());
                g.writeStringField("reason", f.reason());
                g.writeStringField("since", f.since().toString());
                g.writeEndObject();
            }
        }
        for (ComponentProblems.Problem p : platform.deployedComponentProblems()) {
            g.writeStartObject();
            g.writeStringField("file", p.bundle().getLocation().substring(DeployMonitor.LOCATION_PREFIX.length()));
            g.writeStringField("reason", "component " + p.component() + " " + p.reason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
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
