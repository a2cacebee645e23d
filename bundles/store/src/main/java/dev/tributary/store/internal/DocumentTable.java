package dev.tributary.store.internal;

import dev.tributary.api.connector.Document;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Documents, their checkpoints and the change feed. Writes are serialised (one commit at a time)
 * so change sequence numbers become visible in order: a reader of the feed never skips a change
 * that commits late.
 */
final class DocumentTable {

    private static final String UPSERT_LOOKUP = "SELECT content_hash, source_version FROM documents WHERE instance_id = ? AND external_id = ?";
    private static final String INSERT = "INSERT INTO documents (" + Rows.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE = "UPDATE documents SET source_type = ?, title = ?, body = ?, url = ?, mime_type = ?, author = ?,"
            + " created_at = ?, updated_at = ?, source_version = ?, container = ?, metadata = ?, principals = ?, content_hash = ?,"
            + " seq = ? WHERE instance_id = ? AND external_id = ?";
    private static final String DELETE = "DELETE FROM documents WHERE instance_id = ? AND external_id = ?";
    private static final String TOMBSTONE = "INSERT INTO tombstones (seq, instance_id, external_id) VALUES (?, ?, ?)";
    /** Sequences are taken in Java, so the change just written can be handed to the index as it is. */
    private static final String NEXT_SEQUENCE = "CALL NEXT VALUE FOR change_seq";
    /** Changes kept in memory for the index (see {@link RecentChanges}). */
    private static final int RECENT_CHANGES = 20_000;
    private static final long RECENT_CHARS = 16_000_000;

    private final DataSource db;
    private final Object writeLock = new Object();
    /** Notified after every commit that wrote a change. */
    private final Object changed = new Object();
    /** The highest change sequence committed; read without SQL by the index and health checks. */
    private volatile long last;
    /**
     * Documents per instance, counted once and then kept by the commits: counting rows of an
     * encrypted cached table reads every one of them, too slow for a status page polled every second.
     */
    private final Map<String, Long> counts = new ConcurrentHashMap<>();

    private final RecentChanges recent;
    /** The highest sequence of a pruned deletion (see {@link #pruneDeletions}). */
    private volatile long prunedThrough;

    DocumentTable(DataSource db) throws SQLException {
        this.db = db;
        try (Connection c = db.getConnection()) {
            this.last = queryLastSequence(c);
            try (PreparedStatement p = c.prepareStatement("SELECT pruned_through FROM change_feed WHERE id = 1");
                 ResultSet r = p.executeQuery()) {
                this.prunedThrough = r.next() ? r.getLong(1) : 0;
            }
        }
        this.recent = new RecentChanges(last, RECENT_CHANGES, RECENT_CHARS);
    }

    CommitResult commit(String instanceId, String sourceType, List<Change> changes, String checkpoint) throws SQLException {
        synchronized (writeLock) {
            try (Connection c = db.getConnection()) {
                List<DocumentChange> written = new ArrayList<>();
                CommitResult result = Transaction.run(c, tx -> {
                    CommitResult applied = apply(tx, instanceId, sourceType, changes, written);
                    if (checkpoint != null) {
                        saveCheckpoint(tx, instanceId, sourceType, checkpoint);
                    }
                    return applied;
                });
                committed(c, instanceId, result, written);
                return result;
            }
        }
    }

    /** Called under the write lock after a commit: moves the sequence and the counts on, and wakes waiting readers. */
    private void committed(Connection c, String instanceId, CommitResult result, List<DocumentChange> written) throws SQLException {
        if (written.isEmpty()) {
            return;
        }
        recent.committed(written);
        last = written.get(written.size() - 1).sequence();
        counts.computeIfPresent(instanceId, (id, n) -> n + result.added() - result.deleted());
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Waits until a change above {@code after} is committed or the timeout passes; returns the last sequence. */
    long awaitChange(long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            long left;
            while (last <= after && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
        }
        return last;
    }

    private CommitResult apply(Connection c, String instanceId, String sourceType, List<Change> changes, List<DocumentChange> written)
            throws SQLException {
        int added = 0, updated = 0, unchanged = 0, stale = 0, deleted = 0;
        try (PreparedStatement lookup = c.prepareStatement(UPSERT_LOOKUP);
             PreparedStatement insert = c.prepareStatement(INSERT);
             PreparedStatement update = c.prepareStatement(UPDATE);
             PreparedStatement delete = c.prepareStatement(DELETE);
             PreparedStatement tombstone = c.prepareStatement(TOMBSTONE);
             PreparedStatement nextSequence = c.prepareStatement(NEXT_SEQUENCE)) {
            for (Change change : changes) {
                if (change instanceof Change.Upsert u) {
                    Document d = u.document();
                    lookup.setString(1, instanceId);
                    lookup.setString(2, d.externalId());
                    String storedHash = null;
                    long storedVersion = Long.MIN_VALUE;
                    try (ResultSet r = lookup.executeQuery()) {
                        if (r.next()) {
                            storedHash = r.getString(1);
                            storedVersion = r.getLong(2);
                        }
                    }
                    if (storedHash != null && d.sourceVersion() < storedVersion) {
                        stale++;
                    } else if (storedHash != null && storedHash.equals(u.contentHash())) {
                        unchanged++;
                    } else {
                        long seq = next(nextSequence);
                        if (storedHash == null) {
                            bindInsert(insert, instanceId, sourceType, d, u.contentHash(), seq);
                            insert.executeUpdate();
                            added++;
                        } else {
                            bindUpdate(update, instanceId, sourceType, d, u.contentHash(), seq);
                            update.executeUpdate();
                            updated++;
                        }
                        written.add(new DocumentChange(seq, instanceId, d.externalId(),
                                new StoredDocument(instanceId, sourceType, d, u.contentHash(), seq), storedHash == null));
                    }
                } else {
                    delete.setString(1, instanceId);
                    delete.setString(2, change.externalId());
                    if (delete.executeUpdate() > 0) {
                        long seq = next(nextSequence);
                        tombstone.setLong(1, seq);
                        tombstone.setString(2, instanceId);
                        tombstone.setString(3, change.externalId());
                        tombstone.executeUpdate();
                        deleted++;
                        written.add(new DocumentChange(seq, instanceId, change.externalId(), null));
                    }
                }
            }
        }
        return new CommitResult(added, updated, unchanged, stale, deleted);
    }

    private static long next(PreparedStatement nextSequence) throws SQLException {
        try (ResultSet r = nextSequence.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void bindInsert(PreparedStatement p, String instanceId, String sourceType, Document d, String hash, long seq)
            throws SQLException {
        p.setString(1, instanceId);
        p.setString(2, d.externalId());
        p.setString(3, sourceType);
        int next = bindFields(p, 4, d, hash);
        p.setLong(next, seq);
    }

    private static void bindUpdate(PreparedStatement p, String instanceId, String sourceType, Document d, String hash, long seq)
            throws SQLException {
        p.setString(1, sourceType);
        int next = bindFields(p, 2, d, hash);
        p.setLong(next, seq);
        p.setString(next + 1, instanceId);
        p.setString(next + 2, d.externalId());
    }

    /** Binds title … content_hash from {@code i}; returns the next index. */
    private static int bindFields(PreparedStatement p, int i, Document d, String hash) throws SQLException {
        p.setString(i++, d.title());
        p.setString(i++, d.text());
        p.setString(i++, d.url());
        p.setString(i++, d.mimeType());
        p.setString(i++, d.author());
        p.setTimestamp(i++, Rows.timestamp(d.created()));
        p.setTimestamp(i++, Rows.timestamp(d.updated()));
        p.setLong(i++, d.sourceVersion());
        p.setString(i++, d.container());
        p.setString(i++, Rows.json(d.metadata()));
        p.setString(i++, Rows.json(d.principals()));
        p.setString(i++, hash);
        return i;
    }

    private static void saveCheckpoint(Connection c, String instanceId, String sourceType, String checkpoint) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("MERGE INTO instances i USING (VALUES (?, ?, CAST(? AS VARCHAR(16777216)), ?)) AS v(id, t, cp, ts)"
                + " ON i.instance_id = v.id WHEN MATCHED THEN UPDATE SET i.checkpoint = v.cp, i.source_type = v.t, i.updated_at = v.ts"
                + " WHEN NOT MATCHED THEN INSERT VALUES (v.id, v.t, v.cp, v.ts)")) {
            p.setString(1, instanceId);
            p.setString(2, sourceType);
            p.setString(3, checkpoint);
            p.setTimestamp(4, Timestamp.from(Instant.now()));
            p.executeUpdate();
        }
    }

    Optional<String> checkpoint(String instanceId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT checkpoint FROM instances WHERE instance_id = ?")) {
            p.setString(1, instanceId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.empty();
            }
        }
    }

    void resetCheckpoint(String instanceId) throws SQLException {
        synchronized (writeLock) {
            try (Connection c = db.getConnection();
                 PreparedStatement p = c.prepareStatement("UPDATE instances SET checkpoint = NULL WHERE instance_id = ?")) {
                p.setString(1, instanceId);
                p.executeUpdate();
            }
        }
    }

    Optional<StoredDocument> get(String instanceId, String externalId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM documents WHERE instance_id = ? AND external_id = ?")) {
            p.setString(1, instanceId);
            p.setString(2, externalId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? Optional.of(Rows.read(r)) : Optional.empty();
            }
        }
    }

    Set<String> externalIds(String instanceId) throws SQLException {
        return externalIds(instanceId, "");
    }

    /** Ids starting with {@code prefix}: a range of the primary key (instance, external id), not a scan of the instance. */
    Set<String> externalIds(String instanceId, String prefix) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT external_id FROM documents WHERE instance_id = ? AND external_id LIKE ? ESCAPE '\\'")) {
            p.setString(1, instanceId);
            p.setString(2, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    ids.add(r.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Documents of an instance after an external id, in id order: a range of the primary key, read in
     * its order (ordered by both its columns, HSQLDB reads the index instead of sorting the instance).
     */
    List<StoredDocument> page(String instanceId, String after, int limit) throws SQLException {
        List<StoredDocument> page = new ArrayList<>();
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + Rows.COLUMNS
                     + " FROM documents WHERE instance_id = ? AND external_id > ? ORDER BY instance_id, external_id LIMIT ?")) {
            p.setString(1, instanceId);
            p.setString(2, after);
            p.setInt(3, limit);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    page.add(Rows.read(r));
                }
            }
        }
        return page;
    }

    long count(String instanceId) throws SQLException {
        Long known = counts.get(instanceId);
        if (known != null) {
            return known;
        }
        synchronized (writeLock) { // no commit between counting and caching
            long n = countRows(instanceId);
            counts.put(instanceId, n);
            return n;
        }
    }

    private long countRows(String instanceId) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM documents WHERE instance_id = ?")) {
            p.setString(1, instanceId);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    CommitResult purge(String instanceId) throws SQLException {
        List<Change> deletes = new ArrayList<>();
        for (String id : externalIds(instanceId)) {
            deletes.add(new Change.Delete(id));
        }
        CommitResult result = commit(instanceId, "", deletes, null);
        synchronized (writeLock) {
            try (Connection c = db.getConnection();
                 PreparedStatement p = c.prepareStatement("DELETE FROM instances WHERE instance_id = ?")) {
                p.setString(1, instanceId);
                p.executeUpdate();
            }
        }
        return result;
    }

    List<DocumentChange> changesSince(long after, int limit) throws SQLException {
        Optional<List<DocumentChange>> held = recent.since(after, limit);
        if (held.isPresent()) {
            return held.get();
        }
        List<DocumentChange> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement p = c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM documents WHERE seq > ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, after);
                p.setInt(2, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        StoredDocument d = Rows.read(r);
                        out.add(new DocumentChange(d.sequence(), d.instanceId(), d.document().externalId(), d));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT seq, instance_id, external_id FROM tombstones WHERE seq > ? ORDER BY seq LIMIT ?")) {
                p.setLong(1, after);
                p.setInt(2, limit);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(new DocumentChange(r.getLong(1), r.getString(2), r.getString(3), null));
                    }
                }
            }
        }
        out.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    long lastSequence() {
        return last;
    }

    long prunedThrough() {
        return prunedThrough;
    }

    /**
     * Deletes the tombstones of deletions older than {@code before}: without pruning, every document
     * ever deleted would stay in the store. Returns how many went.
     */
    int pruneDeletions(Instant before) throws SQLException {
        synchronized (writeLock) {
            try (Connection c = db.getConnection()) {
                long through;
                try (PreparedStatement p = c.prepareStatement("SELECT MAX(seq) FROM tombstones WHERE deleted_at < ?")) {
                    p.setTimestamp(1, Timestamp.from(before));
                    try (ResultSet r = p.executeQuery()) {
                        through = r.next() ? r.getLong(1) : 0;
                    }
                }
                if (through <= prunedThrough) {
                    return 0;
                }
                long pruneThrough = through;
                int pruned = Transaction.run(c, tx -> {
                    try (PreparedStatement delete = tx.prepareStatement("DELETE FROM tombstones WHERE seq <= ?");
                         PreparedStatement mark = tx.prepareStatement("UPDATE change_feed SET pruned_through = ? WHERE id = 1")) {
                        delete.setLong(1, pruneThrough);
                        int n = delete.executeUpdate();
                        mark.setLong(1, pruneThrough);
                        mark.executeUpdate();
                        return n;
                    }
                });
                prunedThrough = through;
                return pruned;
            }
        }
    }

    private static long queryLastSequence(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT GREATEST(COALESCE((SELECT MAX(seq) FROM documents), 0),"
                     + " COALESCE((SELECT MAX(seq) FROM tombstones), 0)) FROM (VALUES(0))");
             ResultSet r = p.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    void forEach(Consumer<StoredDocument> action) throws SQLException {
        try (Connection c = db.getConnection();
             PreparedStatement p = c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM documents ORDER BY instance_id, external_id")) {
            p.setFetchSize(500);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    action.accept(Rows.read(r));
                }
            }
        }
    }
}
