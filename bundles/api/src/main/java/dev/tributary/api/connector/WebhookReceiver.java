package dev.tributary.api.connector;

import java.util.Optional;
import java.util.function.Function;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Implemented by a {@link Connector} whose source pushes change notifications (capability
 * {@link ConnectorDescriptor.Capability#WEBHOOKS}). The host receives them at
 * {@code POST /hooks/<instance>}, lets the connector {@link #verify} each one, stores it, answers
 * 2xx, and later hands it to {@link #process} — retried with backoff when that fails, and
 * dead-lettered after the last attempt.
 *
 * @since 1.1
 */
@ConsumerType
public interface WebhookReceiver {

    /**
     * Checks that a delivery comes from the source (its signature over the raw body, compared in
     * constant time; its timestamp, where the source signs one) and names it. Runs on the HTTP thread
     * before anything is stored: quick, and without calling the source.
     *
     * @param secrets the instance's secrets by name (e.g. {@code webhookSecret})
     * @throws WebhookRejected when it is not genuine (the host answers 401) or, genuine, cannot be used
     *                         ({@link WebhookRejected#malformed}: 400); either way it logs the reason (never the body) and stores nothing
     */
    Accepted verify(WebhookDelivery delivery, Function<String, Optional<char[]>> secrets) throws WebhookRejected;

    /**
     * Acts on a stored delivery, typically by fetching again what it names and emitting it (a payload
     * can be stale or forged; the source is the truth). Like a sync: emits and deletes through
     * {@code context}, whose {@link SyncContext#commit} stores documents but never moves the
     * checkpoint, and which prunes nothing.
     *
     * @throws Exception to have it retried later
     */
    void process(WebhookDelivery delivery, SyncContext context) throws Exception;

    /**
     * A verified delivery's identity.
     *
     * @param deliveryId the source's id of this delivery (e.g. {@code X-GitHub-Delivery}): a redelivery with the same id is dropped
     * @param event      what happened, for people and logs (e.g. {@code issues.edited})
     */
    record Accepted(String deliveryId, String event) {
        public Accepted {
            if (deliveryId == null || deliveryId.isBlank()) {
                throw new IllegalArgumentException("a delivery needs an id to be de-duplicated");
            }
        }
    }

    /** Why a delivery was refused: said in the log and in the answer; never contains the body or a secret. */
    final class WebhookRejected extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean malformed;

        /** Not genuine: no signature, a wrong one, no secret to check it with (the host answers 401). */
        public WebhookRejected(String reason) {
            this(reason, false);
        }

        private WebhookRejected(String reason, boolean malformed) {
            super(reason);
            this.malformed = malformed;
        }

        /**
         * Genuine (its signature checked) but not usable: no delivery id, a body that is not what its
         * event carries … — the host answers 400, as sending it again will not help.
         *
         * @since 1.2
         */
        public static WebhookRejected malformed(String reason) {
            return new WebhookRejected(reason, true);
        }

        /** @since 1.2 */
        public boolean isMalformed() {
            return malformed;
        }
    }
}
