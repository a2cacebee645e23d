package dev.tributary.deploy.internal;

import dev.tributary.api.deploy.DeployMonitor;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Framework operations on deployed bundles, done so that only the changed bundle and the
 * bundles wired to it are refreshed — never the platform.
 */
final class BundleOperations {

    private static final long REFRESH_TIMEOUT_SECONDS = 60;

    private final BundleContext context;
    private final FrameworkWiring wiring;

    BundleOperations(BundleContext context) {
        this.context = context;
        this.wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
    }

    /** Bundles installed from the deploy folder. */
    List<Bundle> deployed() {
        List<Bundle> result = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getLocation().startsWith(DeployMonitor.LOCATION_PREFIX)) {
                result.add(b);
            }
        }
        return result;
    }

    boolean isRunning(Bundle b) {
        return b.getState() == Bundle.ACTIVE || isFragment(b) && b.getState() == Bundle.RESOLVED;
    }

    /**
     * Stops the bundle first, so the framework does not start the new revision before the old one's
     * dependants are refreshed; the caller starts it afterwards.
     */
    Bundle update(Bundle bundle, byte[] bytes) throws BundleException {
        if (bundle.getState() == Bundle.ACTIVE || bundle.getState() == Bundle.STARTING) {
            bundle.stop(Bundle.STOP_TRANSIENT);
        }
        bundle.update(new ByteArrayInputStream(bytes));
        refreshIfPending(bundle);
        return bundle;
    }

    void uninstall(Bundle bundle) throws BundleException {
        bundle.uninstall();
        refreshIfPending(bundle);
    }

    /** Starts the bundle (persistently, so a restart of the host starts it too); fragments are resolved. */
    void start(Bundle bundle) throws BundleException {
        if (isFragment(bundle)) {
            if (!wiring.resolveBundles(List.of(bundle))) {
                throw new BundleException("fragment cannot attach: its host is missing or does not resolve",
                        BundleException.RESOLVE_ERROR);
            }
            return;
        }
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
    }

    /**
     * Refreshes the bundle only when an old revision of it is still wired: the framework then
     * restarts exactly its dependency closure (the bundles that import from it).
     */
    private void refreshIfPending(Bundle bundle) throws BundleException {
        Collection<Bundle> pending = wiring.getRemovalPendingBundles();
        if (!pending.contains(bundle)) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        wiring.refreshBundles(Set.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED || event.getType() == FrameworkEvent.ERROR) {
                done.countDown();
            }
        });
        try {
            if (!done.await(REFRESH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new BundleException("refreshing the bundles wired to it took over "
                        + REFRESH_TIMEOUT_SECONDS + " s; a dependant does not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleException("interrupted while refreshing", e);
        }
    }

    private static boolean isFragment(Bundle b) {
        return b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    /** One line an operator can act on, for any failure of install, update, start or uninstall. */
    static String explain(Exception e) {
        if (e instanceof BundleException be) {
            switch (be.getType()) {
                case BundleException.RESOLVE_ERROR:
                    return ResolutionErrors.describe(be.getMessage());
                case BundleException.ACTIVATOR_ERROR:
                    Throwable cause = rootCause(be);
                    return "its activator failed on start: " + cause.getClass().getName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
                case BundleException.DUPLICATE_BUNDLE_ERROR:
                    String msg = be.getMessage() == null ? "" : be.getMessage();
                    return "another installed bundle has the same symbolic name and version ("
                            + msg.substring(msg.lastIndexOf(": ") + 1).trim() + "); remove one of the copies or change the version";
                case BundleException.MANIFEST_ERROR:
                    return "its manifest is invalid: " + be.getMessage();
                default:
                    break;
            }
        }
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }

    /**
     * One line for a failed install or update: the framework refused the jar, nearly always for a
     * manifest header it cannot parse, and often says only "Could not create bundle object." with the
     * header's problem as the cause.
     */
    static String explainInstall(Exception e) {
        if (e instanceof IllegalStateException || e instanceof BundleException be && be.getType() == BundleException.DUPLICATE_BUNDLE_ERROR) {
            return explain(e);
        }
        String detail = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof IllegalArgumentException && c.getMessage() != null) {
                detail = c.getMessage();
                break;
            }
        }
        return "its manifest is invalid: " + detail;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }
}
