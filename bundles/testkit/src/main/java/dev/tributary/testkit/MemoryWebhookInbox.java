package dev.tributary.testkit;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.store.WebhookInbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The inbox's documented semantics ({@link WebhookInbox}) in memory, for tests of the webhooks
 * bundle and of the REST API. Not for production: nothing is durable (keep one instance across a
 * simulated restart of what uses it).
 */
public class MemoryWebhookInbox implements WebhookInbox {
    private final Map<Long, Entry> entries = new TreeMap<>();
    private final Map<Long, WebhookDelivery> deliveries = new TreeMap<>();
    private final List<String> audit = new ArrayList<>();
    private long lastId;

    public synchronized List<String> auditTrail() {
        return List.copyOf(audit);
    }

    /** Every entry, oldest first. */
    public synchronized List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    @Override
    public synchronized Added add(String instanceId, WebhookReceiver.Accepted accepted, WebhookDelivery delivery) {
        for (Entry e : entries.values()) {
            if (e.instanceId().equals(instanceId) && e.deliveryId().equals(accepted.deliveryId())) {
                return new Added(e.id(), true);
            }
        }
        long id = ++lastId;
        entries.put(id, new Entry(id, instanceId, accepted.deliveryId(), accepted.event(), delivery.received(), PENDING, 0,
                delivery.received(), null));
        deliveries.put(id, delivery);
        return new Added(id, false);
    }

    @Override
    public synchronized List<Entry> heads(int limit) {
        Set<String> seen = new HashSet<>();
        return entries.values().stream().filter(e -> e.status().equals(PENDING)).filter(e -> seen.add(e.instanceId()))
                .sorted(Comparator.comparingLong(Entry::id)).limit(limit).toList();
    }

    @Override
    public synchronized Optional<Entry> entry(long id) {
        return Optional.ofNullable(entries.get(id));
    }

    @Override
    public synchronized Optional<WebhookDelivery> delivery(long id) {
        return Optional.ofNullable(deliveries.get(id));
    }

    @Override
    public synchronized void done(long id) {
        Entry e = entries.get(id);
        if (e != null) {
            entries.put(id, with(e, DONE, e.attempts(), e.nextAttempt(), e.lastError()));
            deliveries.remove(id);
        }
    }

    @Override
    public synchronized void failed(long id, String error, Instant retryAt) {
        Entry e = entries.get(id);
        if (e != null && e.status().equals(PENDING)) {
            entries.put(id, with(e, retryAt == null ? DEAD : PENDING, e.attempts() + 1, retryAt == null ? e.nextAttempt() : retryAt, error));
        }
    }

    @Override
    public synchronized List<Entry> dead(String instanceId, int limit) {
        return entries.values().stream().filter(e -> e.status().equals(DEAD))
                .filter(e -> instanceId == null || e.instanceId().equals(instanceId)).limit(limit).toList();
    }

    @Override
    public synchronized boolean replay(long id, String actor) {
        Entry e = entries.get(id);
        if (e == null || !e.status().equals(DEAD)) {
            return false;
        }
        entries.put(id, with(e, PENDING, 0, Instant.now(), e.lastError()));
        audit.add(actor + " webhook.replayed " + e.instanceId() + " " + e.deliveryId());
        return true;
    }

    @Override
    public synchronized List<Backlog> backlog() {
        Map<String, long[]> counts = new TreeMap<>();
        for (Entry e : entries.values()) {
            if (!e.status().equals(DONE)) {
                counts.computeIfAbsent(e.instanceId(), k -> new long[2])[e.status().equals(PENDING) ? 0 : 1]++;
            }
        }
        return counts.entrySet().stream().map(c -> new Backlog(c.getKey(), c.getValue()[0], c.getValue()[1])).toList();
    }

    private static Entry with(Entry e, String status, int attempts, Instant nextAttempt, String lastError) {
        return new Entry(e.id(), e.instanceId(), e.deliveryId(), e.event(), e.received(), status, attempts, nextAttempt, lastError);
    }
}
