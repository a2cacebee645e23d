package dev.tributary.api.store;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The webhook inbox: deliveries a source pushed, stored (encrypted like everything in the store)
 * before the host acknowledges them, then processed in order per instance, retried, and kept as dead
 * letters when they keep failing. Implemented by the host's store; the webhooks bundle writes and
 * works through it, the REST API lists and replays dead letters. Purging an instance's documents
 * ({@link DocumentStore#purge}) removes its deliveries too: they hold source data.
 *
 * <p>A delivery is {@code pending} until processed ({@code done}: its headers and body are then
 * dropped, its identity kept so a redelivery is still recognised) or until its last attempt failed
 * ({@code dead}).
 *
 * @since 1.3
 */
@ProviderType
public interface WebhookInbox {

    String PENDING = "pending";
    String DONE = "done";
    String DEAD = "dead";

    /**
     * Stores a verified delivery as pending, due at once — unless the instance already has one with
     * the same delivery id (whatever its status): then nothing is written.
     */
    Added add(String instanceId, WebhookReceiver.Accepted accepted, WebhookDelivery delivery);

    /**
     * Per instance, its oldest pending delivery (the next to process: later ones wait for it), oldest
     * first, at most {@code limit}; whether each is due is for the caller to compare with
     * {@link Entry#nextAttempt()}.
     */
    List<Entry> heads(int limit);

    Optional<Entry> entry(long id);

    /** The headers and body of a delivery not processed yet; empty once done (or unknown). */
    Optional<WebhookDelivery> delivery(long id);

    /** Processed: marked done, its headers and body dropped. */
    void done(long id);

    /**
     * An attempt failed: counts it and keeps {@code error} (for people: no body, no secret).
     *
     * @param retryAt when to try again, or null to make it a dead letter
     */
    void failed(long id, String error, Instant retryAt);

    /** Dead letters, oldest first, of one instance or (null) of all. */
    List<Entry> dead(String instanceId, int limit);

    /** A page of dead letters, oldest first, skipping the {@code offset} oldest. @since 1.6 */
    default List<Entry> dead(String instanceId, int offset, int limit) {
        List<Entry> all = dead(instanceId, offset + limit);
        return all.size() <= offset ? List.of() : all.subList(offset, all.size());
    }

    /**
     * Puts a dead letter back to pending, due at once, with its attempts reset; recorded in the audit
     * trail as done by {@code actor}.
     *
     * @return false when {@code id} is not a dead letter (unknown, pending or done)
     */
    boolean replay(long id, String actor);

    /**
     * Per instance with deliveries waiting, how many: pending ones (not processed yet, including
     * those waiting for a retry) and dead letters. Instances with neither are left out.
     *
     * @since 1.4
     */
    List<Backlog> backlog();

    /**
     * What {@link #add} did.
     *
     * @param id        the inbox id of the delivery (the one stored before, for a duplicate)
     * @param duplicate true when the delivery id was already stored for the instance and nothing was written
     */
    record Added(long id, boolean duplicate) {}

    /**
     * A stored delivery without its headers and body.
     *
     * @param id          the inbox's own id (increases with arrival)
     * @param deliveryId  the source's id of the delivery
     * @param status      {@value #PENDING}, {@value #DONE} or {@value #DEAD}
     * @param attempts    failed attempts so far
     * @param nextAttempt when a pending delivery is due
     * @param lastError   why the last attempt failed, or null
     */
    record Entry(long id, String instanceId, String deliveryId, String event, Instant received, String status, int attempts,
            Instant nextAttempt, String lastError) {}

    /**
     * The deliveries of one instance that wait.
     *
     * @param pending not processed yet (due now or waiting for a retry)
     * @param dead    dead letters, until replayed
     * @since 1.4
     */
    record Backlog(String instanceId, long pending, long dead) {}
}
