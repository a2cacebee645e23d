package dev.tributary.itest.probe;

import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A stand-in connector: owns a worker thread like a real connector does, and reports itself (its
 * version and its configured greeting) as a health check, so a test sees through {@code /health}
 * exactly which revision runs with which configuration.
 */
@Component(name = "dev.tributary.itest.probe", configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
@Designate(ocd = ProbeComponent.Config.class)
public final class ProbeComponent implements HealthCheck {

    @ObjectClassDefinition(name = "Test probe")
    public @interface Config {
        String greeting() default "default";
    }

    private final String message;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread worker;

    @Activate
    public ProbeComponent(BundleContext context, Config config) {
        this.message = "version=" + context.getBundle().getVersion() + " greeting=" + config.greeting();
        this.worker = new Thread(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "probe-worker");
        worker.start();
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        stop.countDown();
        worker.join(5000);
    }

    @Override
    public List<HealthCheckResult> check() {
        return List.of(HealthCheckResult.up("probe", message));
    }
}
