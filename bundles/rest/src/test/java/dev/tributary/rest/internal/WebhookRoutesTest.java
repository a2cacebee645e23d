package dev.tributary.rest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver.Accepted;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.testkit.MemoryWebhookInbox;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters over {@code /api/v1/webhooks}, behind the admin token. */
class WebhookRoutesTest {

    @TempDir
    Path data;
    String bearer;
    final MemoryWebhookInbox inbox = new MemoryWebhookInbox();
    Api api;
    long dead;
    long pending;

    @BeforeEach
    void setUp() throws Exception {
        AdminToken token = AdminToken.loadOrCreate(data);
        bearer = "Bearer " + Files.readString(data.resolve(AdminToken.FILE)).trim();
        api = new Api(token, Services.none().inbox(inbox));
        WebhookDelivery delivery = new WebhookDelivery(Map.of(), "BODY-SECRET-PAYLOAD".getBytes(StandardCharsets.UTF_8),
                Instant.parse("2026-11-23T10:00:00Z"));
        dead = inbox.add("gh", new Accepted("d-1", "issues.edited"), delivery).id();
        inbox.failed(dead, "IOException: source answered 502", null);
        pending = inbox.add("gh", new Accepted("d-2", "push"), delivery).id();
        inbox.add("other", new Accepted("d-3", "push"), delivery);
        inbox.failed(inbox.entries().get(2).id(), "boom", null);
    }

    @Test
    void deadLettersAreListedWithoutTheirBodiesAndOnlyWithTheToken() {
        assertThat(api.handle("GET", "/webhooks/dead", Map.of(), null).status()).isEqualTo(401);

        var all = api.handle("GET", "/webhooks/dead", Map.of(), bearer);
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().toString()).doesNotContain("BODY-SECRET-PAYLOAD").doesNotContain("d-2");
        var gh = api.handle("GET", "/webhooks/dead", Map.of("instance", List.of("gh")), bearer);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> letters = (List<Map<String, Object>>) ((Map<String, Object>) gh.body()).get("deadLetters");
        assertThat(letters).singleElement().satisfies(l -> assertThat(l).containsOnlyKeys("id", "instance", "deliveryId", "event",
                "received", "status", "attempts", "nextAttempt", "lastError").containsEntry("id", dead).containsEntry("status", "dead").containsEntry("deliveryId", "d-1")
                .containsEntry("attempts", 1).containsEntry("lastError", "IOException: source answered 502")
                .containsEntry("received", Instant.parse("2026-11-23T10:00:00Z")));
    }

    @Test
    void replayPutsADeadLetterBackToPendingAndSaysWhyItCannot() {
        assertThat(api.handle("POST", "/webhooks/" + dead + "/replay", Map.of(), null).status()).isEqualTo(401);

        var replayed = api.handle("POST", "/webhooks/" + dead + "/replay", Map.of(), bearer);
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(inbox.entry(dead).orElseThrow()).extracting(WebhookInbox.Entry::status, WebhookInbox.Entry::attempts)
                .containsExactly(WebhookInbox.PENDING, 0);
        assertThat(inbox.auditTrail()).containsExactly(Caller.LOCAL_ADMIN + " webhook.replayed gh d-1");

        assertThat(api.handle("POST", "/webhooks/" + pending + "/replay", Map.of(), bearer)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.body().toString()).contains("is pending, not a dead letter");
        });
        assertThat(api.handle("POST", "/webhooks/999/replay", Map.of(), bearer).status()).isEqualTo(404);
        assertThat(api.handle("POST", "/webhooks/abc/replay", Map.of(), bearer).status()).isEqualTo(400);
        assertThat(api.handle("GET", "/webhooks/" + dead + "/replay", Map.of(), bearer).status()).isEqualTo(404);
    }

    @Test
    void withoutTheStoreTheAnswerIs503() {
        Api noStore = new Api(tokenOf(), Services.none());
        assertThat(noStore.handle("GET", "/webhooks/dead", Map.of(), bearer).status()).isEqualTo(503);
    }

    private AdminToken tokenOf() {
        try {
            return AdminToken.loadOrCreate(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
