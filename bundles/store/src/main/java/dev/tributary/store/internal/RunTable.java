package dev.tributary.store.internal;

import dev.tributary.api.store.AuditEntry;
import dev.tributary.api.store.DocumentStore.RunCounts;
import dev.tributary.api.store.Run;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The record of every sync run, and the audit trail. */
final class RunTable {

    private static final int MAX_ERROR = 8000;
    private final DataSource db;

    RunTable(DataSource db) {
        this.db = db;
    }

    long start(String instanceId, String mode) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("INSERT INTO runs (instance_id, mode, started_at, status) VALUES (?, ?, ?, 'running')",
                     Statement.RETURN_GENERATED_KEYS)) {
            p.setString(1, instanceId);
            p.setString(2, mode);
            p.setTimestamp(3, Timestamp.from(Instant.now()));
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    void finish(long runId, String status, RunCounts n, String error) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE runs SET ended_at = ?, status = ?, seen = ?, added = ?, updated = ?,"
                     + " unchanged = ?, deleted = ?, failed = ?, error = ? WHERE id = ?")) {
            p.setTimestamp(1, Timestamp.from(Instant.now()));
            p.setString(2, status);
            p.setLong(3, n.seen());
            p.setLong(4, n.added());
            p.setLong(5, n.updated());
            p.setLong(6, n.unchanged());
            p.setLong(7, n.deleted());
            p.setLong(8, n.failed());
            p.setString(9, error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR));
            p.setLong(10, runId);
            if (p.executeUpdate() != 1) {
                throw new SQLException("no run " + runId);
            }
        }
    }

    List<Run> recent(String instanceId, int offset, int limit) throws SQLException {
        List<Run> runs = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT * FROM runs WHERE instance_id = ? ORDER BY id DESC OFFSET ? LIMIT ?")) {
            p.setString(1, instanceId);
            p.setInt(2, Math.max(0, offset));
            p.setInt(3, Math.max(0, limit));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Timestamp ended = r.getTimestamp("ended_at");
                    runs.add(new Run(r.getLong("id"), r.getString("instance_id"), r.getString("mode"),
                            r.getTimestamp("started_at").toInstant(), ended == null ? null : ended.toInstant(), r.getString("status"),
                            r.getLong("seen"), r.getLong("added"), r.getLong("updated"), r.getLong("unchanged"), r.getLong("deleted"),
                            r.getLong("failed"), r.getString("error")));
                }
            }
        }
        return runs;
    }

    long count(String instanceId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM runs WHERE instance_id = ?")) {
            p.setString(1, instanceId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    int interruptUnfinished() throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("UPDATE runs SET status = 'interrupted', ended_at = ?,"
                     + " error = 'the host stopped during the run; the next run resumes from the last checkpoint' WHERE status = 'running'")) {
            p.setTimestamp(1, Timestamp.from(Instant.now()));
            return p.executeUpdate();
        }
    }

    void audit(String actor, String action, String target, String detail) throws SQLException {
        try (Connection c = db.getConnection()) {
            audit(c, actor, action, target, detail);
        }
    }

    /** Lines of the audit log, newest first; a null filter matches every line. */
    List<AuditEntry> auditLog(String actor, String target, int offset, int limit) throws SQLException {
        List<AuditEntry> lines = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT * FROM audit WHERE (CAST(? AS VARCHAR(200)) IS NULL OR actor = ?)"
                     + " AND (CAST(? AS VARCHAR(2000)) IS NULL OR target = ?) ORDER BY id DESC OFFSET ? LIMIT ?")) {
            filters(p, actor, target);
            p.setInt(5, Math.max(0, offset));
            p.setInt(6, Math.max(0, limit));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    lines.add(new AuditEntry(r.getLong("id"), r.getTimestamp("happened_at").toInstant(), r.getString("actor"),
                            r.getString("action"), r.getString("target"), r.getString("detail")));
                }
            }
        }
        return lines;
    }

    long auditCount(String actor, String target) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM audit WHERE (CAST(? AS VARCHAR(200)) IS NULL OR actor = ?)"
                     + " AND (CAST(? AS VARCHAR(2000)) IS NULL OR target = ?)")) {
            filters(p, actor, target);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void filters(PreparedStatement p, String actor, String target) throws SQLException {
        p.setString(1, actor);
        p.setString(2, actor);
        p.setString(3, target);
        p.setString(4, target);
    }

    /** An audit line written on {@code c}, so it commits (or not) with what it records. */
    static void audit(Connection c, String actor, String action, String target, String detail) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO audit (happened_at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)")) {
            p.setTimestamp(1, Timestamp.from(Instant.now()));
            p.setString(2, actor);
            p.setString(3, action);
            p.setString(4, target);
            p.setString(5, detail);
            p.executeUpdate();
        }
    }
}
