package dev.tributary.api.sync;

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
     *         updated): nothing ran, try again later
     * @throws Exception what processing threw (the run is recorded as failed), to be retried later
     * @since 1.1
     */
    boolean processWebhook(String instanceId, WebhookDelivery delivery) throws Exception;
}
