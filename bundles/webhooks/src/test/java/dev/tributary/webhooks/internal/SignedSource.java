package dev.tributary.webhooks.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.ConnectorDescriptor;
import dev.tributary.api.connector.Document;
import dev.tributary.api.connector.SyncContext;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.store.Run;
import dev.tributary.testkit.ManualScheduler;
import dev.tributary.testkit.MemoryDocumentStore;
import dev.tributary.testkit.MemoryVault;
import dev.tributary.testkit.MemoryWebhookInbox;
import dev.tributary.sync.internal.SyncEngine;
import dev.tributary.testkit.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A host in memory (the real sync engine over the test kit's store, vault and inbox) with a connector
 * whose source signs its deliveries the way GitHub does: {@code X-Signature: sha256=<HMAC-SHA256 of the
 * body under the instance's webhookSecret>}, {@code X-Delivery} names it, {@code X-Event} says what
 * happened. Processing emits one document per delivery, named by its body ({@code <id>:<text>}); a
 * signed body that starts with {@code malformed:} is genuine but unusable.
 */
final class SignedSource {

    static final String SECRET = "s3cr3t-webhook-key";

    /** What processing does for a delivery; by default it emits the document. */
    interface Behaviour {
        void process(WebhookDelivery delivery, SyncContext context) throws Exception;
    }

    final MemoryDocumentStore store = new MemoryDocumentStore();
    final MemoryVault vault = new MemoryVault();
    final MemoryWebhookInbox inbox = new MemoryWebhookInbox();
    final SyncEngine engine = new SyncEngine(store, vault, new ManualScheduler(), Duration.ZERO);
    /** Every attempt to process, in order, as {@code <instance>/<body>}. */
    final List<String> attempted = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> verified = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile Behaviour behaviour = SignedSource::emit;

    /** Adds an instance whose connector receives webhooks. */
    void receiver(String instance) {
        vault.put(instance, "webhookSecret", SECRET.toCharArray());
        engine.bindConnector(new Receiver(), properties(instance));
    }

    /** Adds an instance whose connector has no webhook support. */
    void plain(String instance) {
        engine.bindConnector(new Connector() {
            public ConnectorDescriptor descriptor() {
                return SignedSource.descriptor("plain");
            }

            public void sync(SyncContext context) {}
        }, properties(instance));
    }

    Map<String, Object> properties(String instance) {
        return Map.of("service.pid", "fake.factory~" + instance, "service.factoryPid", "fake.factory", "schedule", "manual");
    }

    List<Run> runs(String instance) {
        return store.runs(instance, 100);
    }

    static ConnectorDescriptor descriptor(String type) {
        return new ConnectorDescriptor(type, type, "1.0.0", ConnectorDescriptor.AuthKind.API_KEY, "fake.factory",
                Set.of(ConnectorDescriptor.Capability.WEBHOOKS));
    }

    static String sign(String body) {
        return Signatures.gitHubSha256(SECRET, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A signed delivery as the source would send it (for tests that skip HTTP). */
    static WebhookDelivery delivery(String id, String body) {
        return new WebhookDelivery(Map.of("X-Delivery", List.of(id), "X-Event", List.of("item.changed"), "X-Signature", List.of(sign(body))),
                body.getBytes(StandardCharsets.UTF_8), java.time.Instant.now());
    }

    static void emit(WebhookDelivery delivery, SyncContext context) {
        String[] item = new String(delivery.body(), StandardCharsets.UTF_8).split(":", 2);
        context.emit(Document.builder(item[0]).title(item[0]).text(item[1]).url("fake://" + item[0]).principals(Set.of("everyone")).build());
        context.commit(null);
    }

    private final class Receiver implements Connector, WebhookReceiver {
        @Override
        public ConnectorDescriptor descriptor() {
            return SignedSource.descriptor("signed");
        }

        @Override
        public void sync(SyncContext context) {}

        @Override
        public Accepted verify(WebhookDelivery delivery, Function<String, Optional<char[]>> secrets) throws WebhookRejected {
            char[] secret = secrets.apply("webhookSecret").orElseThrow(() -> new WebhookRejected("no webhookSecret in the vault"));
            String expected = sign(new String(delivery.body(), StandardCharsets.UTF_8));
            String sent = delivery.header("X-Signature").orElseThrow(() -> new WebhookRejected("unsigned (no X-Signature header)"));
            if (!new String(secret).equals(SECRET) || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                    sent.getBytes(StandardCharsets.US_ASCII))) {
                throw new WebhookRejected("the signature does not match the body");
            }
            if (new String(delivery.body(), StandardCharsets.UTF_8).startsWith("malformed:")) {
                throw WebhookRejected.malformed("the body is not what the source sends");
            }
            verified.add(delivery.header("X-Delivery").orElse("?"));
            return new Accepted(delivery.header("X-Delivery").orElse(""), delivery.header("X-Event").orElse("unknown"));
        }

        @Override
        public void process(WebhookDelivery delivery, SyncContext context) throws Exception {
            attempted.add(context.instanceId() + "/" + new String(delivery.body(), StandardCharsets.UTF_8));
            behaviour.process(delivery, context);
        }
    }
}
