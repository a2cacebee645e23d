package dev.tributary.webhooks.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code /hooks/} and of the worker, one configuration ({@code etc/dev.tributary.webhooks.cfg}) for both. */
@ObjectClassDefinition(name = "Tributary webhooks",
        description = "Deliveries pushed by sources to /hooks/<instance>: how large they may be, and how failed ones are retried.")
public @interface WebhooksConfig {

    String PID = "dev.tributary.webhooks";

    @AttributeDefinition(name = "Largest body (bytes)", min = "1024", max = "16777216",
            description = "A delivery with a larger body is refused with 413 before it is read.")
    int maxBodyBytes() default 1024 * 1024;

    @AttributeDefinition(name = "Attempts", min = "1",
            description = "How often a delivery is tried before it becomes a dead letter (bin/tributary webhooks dead).")
    int maxAttempts() default 5;

    @AttributeDefinition(name = "First retry delay (seconds)", min = "1",
            description = "The longest wait before the first retry; it doubles with each attempt, and each wait is drawn at random below it.")
    long firstRetryDelaySeconds() default 10;

    @AttributeDefinition(name = "Longest retry delay (seconds)", min = "1", description = "The doubling stops here.")
    long maxRetryDelaySeconds() default 3600;

    @AttributeDefinition(name = "Instances processed at once", min = "1",
            description = "Deliveries of different instances are processed side by side up to this many; those of one instance one at a time, in order.")
    int concurrency() default 2;
}
