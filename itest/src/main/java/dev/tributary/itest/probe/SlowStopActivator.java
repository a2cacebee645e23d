package dev.tributary.itest.probe;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** The activator of a bundle that takes a minute to stop, as a stuck connector would. */
public final class SlowStopActivator implements BundleActivator {
    private final CountDownLatch never = new CountDownLatch(1);

    @Override
    public void start(BundleContext context) {
        // starts at once
    }

    @Override
    public void stop(BundleContext context) throws InterruptedException {
        never.await(60, TimeUnit.SECONDS);
    }
}
