package dev.tributary.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * One running Tributary host: the data-directory lock and a Felix framework with the platform
 * bundles of {@code system/} installed in place ({@code reference:} URLs, nothing copied).
 * The framework cache is rebuilt at every start, so a stale cache can never outlive an upgrade;
 * everything worth keeping lives in {@code data/} outside it.
 */
public final class Host implements AutoCloseable {

    /** Extra framework property names every bundle can read. */
    public static final String VERSION = "tributary.version";
    public static final String HOME = "tributary.home";
    public static final String DATA_DIR = "tributary.data.dir";
    public static final String DEPLOY_DIR = "tributary.deploy.dir";
    public static final String LOG_DIR = "tributary.log.dir";
    public static final String HTTP_URL = "tributary.http.url";
    public static final String MASTER_KEY_FILE = "tributary.vault.key.file";
    public static final String STARTED = "tributary.started";
    /** System property: the lowest level logged to the terminal (OFF under {@code start}). */
    public static final String CONSOLE_LEVEL = "tributary.console.level";

    /** Deployed bundles start after every platform bundle. */
    static final int DEPLOY_START_LEVEL = 20;

    private final Settings settings;
    private final HostLock lock;
    private final Framework framework;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private Host(Settings settings, HostLock lock, Framework framework) {
        this.settings = settings;
        this.lock = lock;
        this.framework = framework;
    }

    /** Thrown when the host cannot start; the message says why and what to do. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        StartException(int exitCode, String message, Throwable cause) {
            super(message, cause);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * Takes the lock, checks the port, boots the framework and starts the platform. Returns once
     * the framework reached its start level (components may still be activating).
     */
    public static Host start(Settings settings, Map<String, String> extraProperties) throws StartException {
        HostLock lock = acquireLock(settings);
        try {
            checkPortFree(settings);
            for (Path dir : new Path[] {settings.deploy(), settings.data(), settings.log()}) {
                Files.createDirectories(dir);
            }
            // read by etc/org.ops4j.pax.logging.cfg
            System.setProperty(LOG_DIR, settings.log().toString());
            System.setProperty(CONSOLE_LEVEL, System.getProperty(CONSOLE_LEVEL, "INFO"));
            StartupList startup = StartupList.read(settings.system());
            Framework framework = new Felix(frameworkProperties(settings, startup, extraProperties));
            framework.init();
            installPlatform(framework.getBundleContext(), startup);
            framework.start();
            awaitStartLevel(framework, Duration.ofMinutes(2));
            return new Host(settings, lock, framework);
        } catch (StartException e) {
            closeQuietly(lock);
            throw e;
        } catch (IOException | BundleException | RuntimeException e) {
            closeQuietly(lock);
            throw new StartException(Exit.FAILURE, "the host could not start: " + e.getMessage(), e);
        }
    }

    private static HostLock acquireLock(Settings settings) throws StartException {
        Optional<HostLock> lock;
        try {
            lock = HostLock.tryAcquire(settings.lockFile());
        } catch (IOException e) {
            throw new StartException(Exit.FAILURE, "cannot create the lock file " + settings.lockFile() + ": " + e.getMessage()
                    + "; check that the data directory is writable by this user", e);
        }
        if (lock.isEmpty()) {
            String pid;
            try {
                pid = HostLock.holder(settings.lockFile()).stream().mapToObj(Long::toString).findFirst().orElse("unknown");
            } catch (IOException e) {
                pid = "unknown";
            }
            throw new StartException(Exit.ALREADY_RUNNING, "another Tributary host (pid " + pid + ") is already running on the data directory "
                    + settings.data() + "; stop it first (bin/tributary stop) or give this one its own TRIBUTARY_DATA", null);
        }
        return lock.get();
    }

    private static void checkPortFree(Settings settings) throws StartException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(settings.httpHost()), settings.httpPort()));
        } catch (IOException e) {
            throw new StartException(Exit.CONFIG, "cannot listen on " + settings.httpHost() + ":" + settings.httpPort() + " (" + e.getMessage()
                    + "); another program uses the port, or the address is not this machine's. "
                    + "Set http.port/http.host in etc/tributary.properties or TRIBUTARY_HTTP_PORT/TRIBUTARY_HTTP_HOST", e);
        }
    }

    static Map<String, String> frameworkProperties(Settings s, StartupList startup, Map<String, String> extra) {
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, s.data().resolve("cache").toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(Math.max(startup.highestLevel(), DEPLOY_START_LEVEL)));
        p.put("felix.startlevel.bundle", Integer.toString(DEPLOY_START_LEVEL));
        p.put("felix.log.level", "1");
        // HTTP (Felix Jetty)
        p.put("org.osgi.service.http.port", Integer.toString(s.httpPort()));
        p.put("org.apache.felix.http.host", s.httpHost());
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        // Configuration: kept in data/, outside the throw-away framework cache; etc/*.cfg is live.
        p.put("felix.cm.dir", s.data().resolve("config").toString());
        p.put("felix.fileinstall.dir", s.etc().toString());
        // (?s): a name with a line break is a .cfg too, and dev.tributary.configfiles says what is wrong with it (else it is ignored silently)
        p.put("felix.fileinstall.filter", "(?s).*\\.cfg");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "true");
        // UTF-8 like dev.tributary.configfiles and the host's ConfigFileGuard (FileInstall's default is ISO-8859-1)
        p.put("felix.fileinstall.configEncoding", "UTF-8");
        p.put("felix.fileinstall.log.level", "2");
        // Logging: configured from etc/org.ops4j.pax.logging.cfg before anything logs (and live through FileInstall).
        p.put("org.ops4j.pax.logging.property.file", s.etc().resolve("org.ops4j.pax.logging.cfg").toString());
        p.put("org.ops4j.pax.logging.DefaultServiceLog.level", "WARN");
        // Tributary's own
        p.put(VERSION, Version.current());
        p.put(HOME, s.home().toString());
        p.put(DATA_DIR, s.data().toString());
        p.put(DEPLOY_DIR, s.deploy().toString());
        p.put(LOG_DIR, s.log().toString());
        p.put(HTTP_URL, s.httpUrl());
        p.put(MASTER_KEY_FILE, s.masterKeyFile().toString());
        p.put(STARTED, Long.toString(ProcessHandle.current().info().startInstant()
                .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis())));
        p.putAll(extra);
        return p;
    }

    private static void installPlatform(BundleContext context, StartupList startup) throws BundleException {
        for (StartupList.Entry e : startup.entries()) {
            Bundle b = context.installBundle("reference:" + e.file().toUri());
            b.adapt(BundleStartLevel.class).setStartLevel(e.startLevel());
            if (b.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
    }

    private static void awaitStartLevel(Framework framework, Duration timeout) throws StartException {
        // Felix reaches the beginning start level asynchronously and then reports STARTED.
        var started = new java.util.concurrent.CountDownLatch(1);
        BundleContext ctx = framework.getBundleContext();
        org.osgi.framework.FrameworkListener l = e -> {
            if (e.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        };
        ctx.addFrameworkListener(l);
        try {
            var fsl = framework.adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
            int target = Integer.parseInt(ctx.getProperty(Constants.FRAMEWORK_BEGINNING_STARTLEVEL));
            if (fsl.getStartLevel() < target && !started.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new StartException(Exit.FAILURE, "the platform did not start within " + timeout.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartException(Exit.FAILURE, "interrupted while starting", e);
        } finally {
            ctx.removeFrameworkListener(l);
        }
    }

    public Framework framework() {
        return framework;
    }

    public Settings settings() {
        return settings;
    }

    /** Blocks until the framework stops (from {@link #close()} or from inside). */
    public void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops every bundle in reverse start order, then releases the lock. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            framework.stop();
            FrameworkEvent e = framework.waitForStop(Duration.ofSeconds(60).toMillis());
            if (e.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                System.err.println("Tributary: the framework did not stop within 60 s");
            } else {
                System.out.printf("Tributary stopped in %.2f s%n", (System.nanoTime() - t0) / 1e9);
            }
        } catch (BundleException e) {
            System.err.println("Tributary: stopping failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(HostLock lock) {
        try {
            lock.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
