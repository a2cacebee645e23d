package dev.tributary.host.internal;

import dev.tributary.api.deploy.DeployMonitor;
import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * The platform (every bundle not from deploy/) must be active with all its components working:
 * anything less is DOWN. A component of a deployed bundle that does not work is DEGRADED.
 */
@Component(service = {HealthCheck.class, PlatformHealthCheck.class})
public final class PlatformHealthCheck implements HealthCheck {

    private final BundleContext context;
    private final ServiceComponentRuntime scr;

    @Activate
    public PlatformHealthCheck(BundleContext context, @Reference ServiceComponentRuntime scr) {
        this.context = context;
        this.scr = scr;
    }

    @Override
    public List<HealthCheckResult> check() {
        List<HealthCheckResult> results = new ArrayList<>();
        int platform = 0;
        for (Bundle b : context.getBundles()) {
            if (isDeployed(b)) {
                continue;
            }
            platform++;
            if (!isRunning(b)) {
                results.add(HealthCheckResult.down("platform/" + b.getSymbolicName(),
                        "platform bundle " + b.getSymbolicName() + " " + b.getVersion() + " is " + Bundles.stateName(b)
                                + "; see log/tributary.log for why it did not start"));
            }
        }
        if (results.isEmpty()) {
            results.add(HealthCheckResult.up("platform", platform + " platform bundles active"));
        }
        for (ComponentProblems.Problem p : ComponentProblems.find(scr, context)) {
            String name = "component/" + p.component();
            String message = "component " + p.component() + " of " + p.bundle().getSymbolicName() + " " + p.reason();
            results.add(isDeployed(p.bundle()) ? HealthCheckResult.degraded(name, message) : HealthCheckResult.down(name, message));
        }
        return results;
    }

    /** Problems of components in deployed bundles, by the file they came from. */
    List<ComponentProblems.Problem> deployedComponentProblems() {
        return ComponentProblems.find(scr, context).stream().filter(p -> isDeployed(p.bundle())).toList();
    }

    static boolean isDeployed(Bundle b) {
        return b.getLocation().startsWith(DeployMonitor.LOCATION_PREFIX);
    }

    static boolean isRunning(Bundle b) {
        boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
        return b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED;
    }
}
