package dev.tributary.itest.probe;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a bundle that cannot start. */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("the probe refuses to start");
    }

    @Override
    public void stop(BundleContext context) {
        // never started
    }
}
