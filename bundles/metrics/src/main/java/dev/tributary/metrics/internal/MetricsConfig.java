package dev.tributary.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Who may read {@code /metrics} ({@code etc/dev.tributary.metrics.cfg}). */
@ObjectClassDefinition(name = "Tributary metrics",
        description = "GET /metrics: the host's metrics in the Prometheus text format. They name connector instances and source hosts "
                + "but hold no secret and no document; still, only the clients listed here may read them.")
public @interface MetricsConfig {

    String PID = "dev.tributary.metrics";

    @AttributeDefinition(name = "Allowed clients",
            description = "Addresses and CIDR ranges (IPv4 or IPv6) that may read /metrics, separated by commas, e.g. "
                    + "'127.0.0.0/8, ::1, 10.0.4.17' for this machine and one Prometheus server; any other client gets 403. "
                    + "The default is this machine only. Names are not accepted (no DNS lookup decides access).")
    String[] allowedClients() default {"127.0.0.0/8", "::1"};
}
