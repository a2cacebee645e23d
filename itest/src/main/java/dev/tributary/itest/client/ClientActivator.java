package dev.tributary.itest.client;

import dev.tributary.itest.probe.shared.Greeting;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A deployed bundle that depends on a package of another deployed bundle (the probe). */
public final class ClientActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        if (Greeting.of("client").isEmpty()) {
            throw new IllegalStateException("no greeting");
        }
    }

    @Override
    public void stop(BundleContext context) {
        // nothing held
    }
}
