package dev.tributary.connector.github.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver.Accepted;
import dev.tributary.api.connector.WebhookReceiver.WebhookRejected;
import dev.tributary.testkit.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Signature checks as GitHub documents them (docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries). */
class WebhookEventsTest {

    private static final byte[] BODY = "{\"action\":\"edited\",\"issue\":{\"number\":7},\"repository\":{\"full_name\":\"octo/handbook\"}}"
            .getBytes(StandardCharsets.UTF_8);
    private static final Function<String, Optional<char[]>> SECRETS = name -> name.equals("webhookSecret")
            ? Optional.of("It's a Secret to Everybody".toCharArray()) : Optional.empty();

    @Test
    void githubsOwnExampleSignatureIsAccepted() throws Exception {
        // the example of GitHub's docs: secret "It's a Secret to Everybody", payload "Hello, World!"
        WebhookDelivery example = delivery("Hello, World!".getBytes(StandardCharsets.UTF_8),
                "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThatThrownBy(() -> WebhookEvents.verify(example, SECRETS)).as("a valid signature over a body that is not JSON")
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("no JSON");
    }

    @Test
    void aSignedDeliveryIsAcceptedWithItsIdAndEvent() throws Exception {
        Accepted accepted = WebhookEvents.verify(delivery(BODY, sign(BODY, "It's a Secret to Everybody")), SECRETS);
        assertThat(accepted).isEqualTo(new Accepted("72d3162e-cc78-11e3-81ab-4c9367dc0958", "issues.edited"));
    }

    @Test
    void aWrongOrMissingSignatureOrSecretIsRejectedWithoutQuotingTheBody() {
        byte[] tampered = "{\"action\":\"deleted\",\"issue\":{\"number\":7}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookEvents.verify(delivery(tampered, sign(BODY, "It's a Secret to Everybody")), SECRETS))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("does not match").hasMessageNotContaining("deleted");
        assertThatThrownBy(() -> WebhookEvents.verify(delivery(BODY, sign(BODY, "another secret")), SECRETS))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("secrets differ");
        assertThatThrownBy(() -> WebhookEvents.verify(new WebhookDelivery(Map.of("X-GitHub-Delivery", List.of("d")), BODY, Instant.now()),
                SECRETS)).isInstanceOf(WebhookRejected.class).hasMessageContaining("no X-Hub-Signature-256");
        assertThatThrownBy(() -> WebhookEvents.verify(delivery(BODY, sign(BODY, "x")), name -> Optional.empty()))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("no webhookSecret");
    }

    @Test
    void aGenuineDeliveryThatCannotBeUsedIsRefusedAsMalformedSayingWhy() throws Exception {
        assertMalformed(signed("{\"action\":\"edited\",\"issue\":{},\"repository\":{\"full_name\":\"octo/handbook\"}}", "issues", "d-1"),
                "issues events: 'issue' is an object without a number of 1 or more");
        assertMalformed(signed("{\"action\":\"edited\",\"issue\":{\"number\":1.5},\"repository\":{\"full_name\":\"octo/handbook\"}}", "issues",
                "d-1"), "'issue' is an object without a number of 1 or more");
        assertMalformed(signed("{\"comment\":{\"id\":3},\"repository\":{\"full_name\":\"../../user\"}}", "issue_comment", "d-1"),
                "'repository' is an object without an owner/name as full_name");
        assertMalformed(signed("{\"action\":\"edited\"", "issues", "d-1"), "the body is no JSON (it ends early)");
        assertMalformed(signed("handbook", "ping", "d-1"), "the body is no JSON (broken at line 1, column");
        assertMalformed(signed("{\"action\":\"edited\"} {}", "ping", "d-1"), "the body is no JSON");
        assertMalformed(signed("[]", "ping", "d-1"), "the body is a list, not a JSON object");
        assertMalformed(signed("", "ping", "d-1"), "the body is empty");
        assertMalformed(signed("payload=%7B%7D", "ping", "d-1"), "set the webhook's content type to application/json");
        assertMalformed(signed("{\"action\":[\"x\"]}", "ping", "d-1"), "'action' of the ping delivery is not an action");
        assertMalformed(signed("{}", "ping", null), "no X-GitHub-Delivery header");
        assertMalformed(signed("{}", "ping", "d".repeat(201)), "X-GitHub-Delivery is not a delivery id");
        assertMalformed(signed("{}", null, "d-1"), "no X-GitHub-Event header");
        // an event the connector does not act on needs nothing more than a JSON object
        assertThat(WebhookEvents.verify(signed("{\"zen\":\"Keep it logically awesome.\"}", "ping", "d-2"), SECRETS))
                .isEqualTo(new Accepted("d-2", "ping"));
    }

    private static void assertMalformed(WebhookDelivery delivery, String reason) {
        assertThatThrownBy(() -> WebhookEvents.verify(delivery, SECRETS)).isInstanceOfSatisfying(WebhookRejected.class, e -> {
            assertThat(e.isMalformed()).as("genuine, so 400 rather than 401: %s", e.getMessage()).isTrue();
            assertThat(e.getMessage()).contains(reason).doesNotContain("handbook", "Keep it");
        });
    }

    private static WebhookDelivery signed(String body, String event, String id) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new java.util.HashMap<>(Map.of("X-Hub-Signature-256", List.of(sign(bytes, "It's a Secret to Everybody"))));
        if (event != null) {
            headers.put("X-GitHub-Event", List.of(event));
        }
        if (id != null) {
            headers.put("X-GitHub-Delivery", List.of(id));
        }
        return new WebhookDelivery(headers, bytes, Instant.now());
    }

    private static WebhookDelivery delivery(byte[] body, String signature) {
        return new WebhookDelivery(Map.of("X-GitHub-Event", List.of("issues"), "X-GitHub-Delivery", List.of("72d3162e-cc78-11e3-81ab-4c9367dc0958"),
                "X-Hub-Signature-256", List.of(signature)), body, Instant.now());
    }

    static String sign(byte[] body, String secret) {
        return Signatures.gitHubSha256(secret, body);
    }
}
