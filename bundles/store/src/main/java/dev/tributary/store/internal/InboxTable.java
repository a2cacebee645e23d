package dev.tributary.store.internal;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.store.WebhookInbox.Added;
import dev.tributary.api.store.WebhookInbox.Backlog;
import dev.tributary.api.store.WebhookInbox.Entry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The webhook inbox ({@code webhook_inbox}): deliveries stored before they are acknowledged, until processed or dead. */
final class InboxTable {

    private static final int MAX_ERROR = 8000;
    private static final String ENTRY = "id, instance_id, delivery_id, event, received_at, status, attempts, next_attempt_at, last_error";
    private final DataSource db;

    InboxTable(DataSource db) {
        this.db = db;
    }

    Added add(String instanceId, WebhookReceiver.Accepted accepted, WebhookDelivery delivery) throws SQLException {
        try (Connection c = db.getConnection()) {
            Optional<Long> existing = idOf(c, instanceId, accepted.deliveryId());
            if (existing.isPresent()) {
                return new Added(existing.get(), true);
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO webhook_inbox (instance_id, delivery_id, event, headers, body,"
                    + " received_at, status, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)", Statement.RETURN_GENERATED_KEYS)) {
                p.setString(1, instanceId);
                p.setString(2, accepted.deliveryId());
                p.setString(3, accepted.event());
                p.setString(4, Rows.json(delivery.headers()));
                p.setBytes(5, delivery.body());
                p.setTimestamp(6, Timestamp.from(delivery.received()));
                p.setTimestamp(7, Timestamp.from(delivery.received()));
                p.executeUpdate();
                try (ResultSet keys = p.getGeneratedKeys()) {
                    keys.next();
                    return new Added(keys.getLong(1), false);
                }
            } catch (SQLIntegrityConstraintViolationException raced) {
                // the same delivery arrived twice at once: the other request stored it
                return new Added(idOf(c, instanceId, accepted.deliveryId()).orElseThrow(() -> raced), true);
            }
        }
    }

    private static Optional<Long> idOf(Connection c, String instanceId, String deliveryId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT id FROM webhook_inbox WHERE instance_id = ? AND delivery_id = ?")) {
            p.setString(1, instanceId);
            p.setString(2, deliveryId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
            }
        }
    }

    List<Entry> heads(int limit) throws SQLException {
        return entries("SELECT " + ENTRY + " FROM webhook_inbox WHERE id IN (SELECT MIN(id) FROM webhook_inbox WHERE status = 'pending'"
                + " GROUP BY instance_id) ORDER BY id LIMIT ?", limit);
    }

    Optional<Entry> entry(long id) throws SQLException {
        return entries("SELECT " + ENTRY + " FROM webhook_inbox WHERE id = ?", id).stream().findFirst();
    }

    Optional<WebhookDelivery> delivery(long id) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT headers, body, received_at FROM webhook_inbox WHERE id = ? AND body IS NOT NULL")) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new WebhookDelivery(Rows.metadata(r.getString("headers")), r.getBytes("body"),
                        r.getTimestamp("received_at").toInstant()));
            }
        }
    }

    void done(long id) throws SQLException {
        update("UPDATE webhook_inbox SET status = 'done', headers = NULL, body = NULL WHERE id = ?", id);
    }

    /**
     * Forgets deliveries done before {@code before}: their identity was kept only to recognise a
     * redelivery, which sources send within days (GitHub: 3). Returns how many went.
     */
    int pruneDone(Instant before) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("DELETE FROM webhook_inbox WHERE status = 'done' AND received_at < ?")) {
            p.setTimestamp(1, Timestamp.from(before));
            return p.executeUpdate();
        }
    }

    void failed(long id, String error, Instant retryAt) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE webhook_inbox SET attempts = attempts + 1, last_error = ?, status = ?,"
                     + " next_attempt_at = COALESCE(?, next_attempt_at) WHERE id = ? AND status = 'pending'")) {
            p.setString(1, error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
            p.setString(2, retryAt == null ? "dead" : "pending");
            p.setTimestamp(3, Rows.timestamp(retryAt));
            p.setLong(4, id);
            p.executeUpdate();
        }
    }

    List<Entry> dead(String instanceId, int offset, int limit) throws SQLException {
        if (instanceId == null) {
            return entries("SELECT " + ENTRY + " FROM webhook_inbox WHERE status = 'dead' ORDER BY id OFFSET ? LIMIT ?", offset, limit);
        }
        return entries("SELECT " + ENTRY + " FROM webhook_inbox WHERE status = 'dead' AND instance_id = ? ORDER BY id OFFSET ? LIMIT ?",
                instanceId, offset, limit);
    }

    /** Pending and dead deliveries per instance (the status index answers it without reading the rows). */
    List<Backlog> backlog() throws SQLException {
        List<Backlog> backlog = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT instance_id, SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END),"
                     + " SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END) FROM webhook_inbox WHERE status IN ('pending', 'dead')"
                     + " GROUP BY instance_id ORDER BY instance_id");
             ResultSet r = p.executeQuery()) {
            while (r.next()) {
                backlog.add(new Backlog(r.getString(1), r.getLong(2), r.getLong(3)));
            }
        }
        return backlog;
    }

    /** Dead → pending, due now, attempts reset, and the audit line, in one transaction. */
    boolean replay(long id, String actor) throws SQLException {
        try (Connection c = db.getConnection()) {
            return Transaction.run(c, tx -> {
                Optional<Entry> entry;
                try (PreparedStatement p = tx.prepareStatement("SELECT " + ENTRY + " FROM webhook_inbox WHERE id = ? AND status = 'dead'")) {
                    p.setLong(1, id);
                    entry = read(p);
                }
                if (entry.isEmpty()) {
                    return false;
                }
                try (PreparedStatement p = tx.prepareStatement("UPDATE webhook_inbox SET status = 'pending', attempts = 0, next_attempt_at = ?"
                        + " WHERE id = ? AND status = 'dead'")) {
                    p.setTimestamp(1, Timestamp.from(Instant.now()));
                    p.setLong(2, id);
                    p.executeUpdate();
                }
                Entry e = entry.get();
                RunTable.audit(tx, actor, "webhook.replayed", e.instanceId(), "delivery " + e.deliveryId() + " (inbox id " + e.id() + ", "
                        + e.event() + ") back to pending after " + e.attempts() + " attempt(s); last error: " + e.lastError());
                return true;
            });
        }
    }

    int purge(String instanceId) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement("DELETE FROM webhook_inbox WHERE instance_id = ?")) {
            p.setString(1, instanceId);
            return p.executeUpdate();
        }
    }

    private void update(String sql, long id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, id);
            p.executeUpdate();
        }
    }

    private List<Entry> entries(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                p.setObject(i + 1, params[i]);
            }
            List<Entry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(entry(r));
                }
            }
            return out;
        }
    }

    private static Optional<Entry> read(PreparedStatement p) throws SQLException {
        try (ResultSet r = p.executeQuery()) {
            return r.next() ? Optional.of(entry(r)) : Optional.empty();
        }
    }

    private static Entry entry(ResultSet r) throws SQLException {
        return new Entry(r.getLong("id"), r.getString("instance_id"), r.getString("delivery_id"), r.getString("event"),
                r.getTimestamp("received_at").toInstant(), r.getString("status"), r.getInt("attempts"),
                r.getTimestamp("next_attempt_at").toInstant(), r.getString("last_error"));
    }
}
