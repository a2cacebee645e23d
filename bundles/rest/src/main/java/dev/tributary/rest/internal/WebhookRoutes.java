package dev.tributary.rest.internal;

import dev.tributary.api.store.WebhookInbox;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/v1/webhooks}: dead letters — deliveries whose processing failed every attempt —
 * listed (never with their bodies) and replayed.
 */
final class WebhookRoutes {

    private static final int MAX_LISTED = 1000;
    private final Supplier<WebhookInbox> inbox;

    WebhookRoutes(Supplier<WebhookInbox> inbox) {
        this.inbox = inbox;
    }

    /**
     * @param p     the path below {@code /api/v1}, starting with {@code webhooks}
     * @param actor who asks, for the audit trail
     */
    Api.Response handle(String method, String[] p, Map<String, List<String>> params, String actor) {
        WebhookInbox box = inbox.get();
        if (box == null) {
            return Api.problem(503, "Service Unavailable", "the store is not running; see GET /health");
        }
        if (p.length == 1 && method.equals("GET")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("backlog", box.backlog());
            body.put("pending", box.heads(MAX_LISTED).stream().map(WebhookRoutes::deadLetter).toList());
            return new Api.Response(200, body);
        }
        if (p.length == 2 && p[1].equals("dead") && method.equals("GET")) {
            List<String> instance = params.getOrDefault("instance", List.of());
            String only = instance.isEmpty() || instance.get(0).isBlank() ? null : instance.get(0);
            Paging paging = Paging.of(params, 100);
            List<Map<String, Object>> dead = box.dead(only, paging.offset(), paging.size()).stream().map(WebhookRoutes::deadLetter).toList();
            long total = box.backlog().stream().filter(b -> only == null || b.instanceId().equals(only)).mapToLong(WebhookInbox.Backlog::dead).sum();
            return new Api.Response(200, paging.body("deadLetters", dead, total, Map.of()));
        }
        if (p.length == 3 && p[2].equals("replay") && method.equals("POST")) {
            long id;
            try {
                id = Long.parseLong(p[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a dead letter's id is a number (bin/tributary webhooks dead lists them), not '" + p[1] + "'");
            }
            var entry = box.entry(id);
            if (entry.isEmpty()) {
                return Api.problem(404, "Not Found", "no webhook delivery " + id);
            }
            if (!box.replay(id, actor)) {
                return Api.problem(409, "Conflict", "webhook delivery " + id + " is " + entry.get().status() + ", not a dead letter");
            }
            return new Api.Response(200, Map.of("id", id, "instance", entry.get().instanceId(), "status", WebhookInbox.PENDING));
        }
        return Api.problem(404, "Not Found", method + " /api/v1/" + String.join("/", p) + " is not an API route");
    }

    /** A delivery as listed: where it stands, never its body. */
    private static Map<String, Object> deadLetter(WebhookInbox.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("instance", e.instanceId());
        m.put("deliveryId", e.deliveryId());
        m.put("event", e.event());
        m.put("received", e.received());
        m.put("status", e.status());
        m.put("attempts", e.attempts());
        m.put("nextAttempt", e.nextAttempt());
        m.put("lastError", e.lastError());
        return m;
    }
}
