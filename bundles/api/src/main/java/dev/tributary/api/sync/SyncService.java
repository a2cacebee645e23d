package dev.tributary.api.sync;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Runs connector instances. Implemented by the host's sync engine. */
@ProviderType
public interface SyncService {

    List<InstanceInfo> instances();

    Optional<InstanceInfo> instance(String instanceId);

    /**
     * Runs the instance as soon as a slot is free (coalesced with a queued or running one).
     *
     * @param full read everything again instead of what changed since the last checkpoint
     * @return false if there is no such instance
     * @throws IllegalStateException when the instance needs authorization (its message says how to give it)
     */
    boolean sync(String instanceId, boolean full);

    /** Cancels the running sync: it stops at its next checkpoint and is recorded as cancelled. */
    boolean cancel(String instanceId);

    /**
     * Lets the instance's connector check a delivery that just arrived ({@link WebhookReceiver#verify}
     * with the instance's secrets). Quick, on the caller's thread; nothing is stored.
     *
     * @return empty when there is no such instance running or its connector does not receive webhooks
     * @throws WebhookReceiver.WebhookRejected when the connector refuses it
     * @since 1.1
     */
    Optional<WebhookReceiver.Accepted> verifyWebhook(String instanceId, WebhookDelivery delivery) throws WebhookReceiver.WebhookRejected;

    /**
     * Hands a stored delivery to the instance's connector ({@link WebhookReceiver#process}), on the
     * caller's thread, like a targeted sync: what it emits and deletes is committed, the checkpoint is
     * never moved, nothing is pruned, and it is recorded as a run with mode {@code webhook}. It may run
     * beside a sync of the same instance (commits are keyed by document, and an older source version
     * never overwrites a newer one). Interrupting the calling thread cancels it.
     *
     * @return false when the instance is not running (its connector is not there now, e.g. being
     *         updated, or it {@linkplain #needsAuthorization needs authorization}): nothing ran, try again later
     * @throws Exception what processing threw (the run is recorded as failed), to be retried later
     * @since 1.1
     */
    boolean processWebhook(String instanceId, WebhookDelivery delivery) throws Exception;

    /**
     * The connector service that runs the instance, e.g. to ask an
     * {@link dev.tributary.api.oauth.OAuthConnector} for its settings.
     *
     * @return empty when no connector runs it now
     * @since 1.1
     */
    Optional<Connector> connector(String instanceId);

    /**
     * Pauses the instance until {@link #authorized}: its credential was refused for good (e.g. a revoked
     * OAuth refresh token) and only a person can fix it. No sync runs meanwhile, scheduled or
     * requested, and webhook deliveries wait; {@link #instance} shows state
     * {@link InstanceInfo#NEEDS_AUTHORIZATION} with {@code message}. Survives restarts.
     *
     * @param message what happened and what fixes it, for people (never a secret)
     * @return false when there is no such instance
     * @since 1.1
     */
    boolean needsAuthorization(String instanceId, String message);

    /**
     * Resumes an instance paused by {@link #needsAuthorization} (a person approved access again), and
     * syncs it soon.
     *
     * @return false when there is no such instance
     * @since 1.1
     */
    boolean authorized(String instanceId);

    /**
     * How many runs finished since the host started, per instance, mode ({@code full},
     * {@code incremental} or {@code webhook}) and status ({@code succeeded}, {@code failed} or
     * {@code cancelled}), for metrics. An instance's counts go when its configuration is deleted.
     *
     * @return empty when the implementation does not count runs
     * @since 1.2
     */
    default List<RunCount> runCounts() {
        return List.of();
    }
}
