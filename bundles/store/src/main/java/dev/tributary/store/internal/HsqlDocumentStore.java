package dev.tributary.store.internal;

import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.health.HealthCheck;
import dev.tributary.api.health.HealthCheckResult;
import dev.tributary.api.store.AuditEntry;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.CommitResult;
import dev.tributary.api.store.DocumentChange;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.Run;
import dev.tributary.api.store.StoredDocument;
import dev.tributary.api.store.WebhookInbox;
import dev.tributary.api.users.ApiToken;
import dev.tributary.api.users.NewToken;
import dev.tributary.api.users.Role;
import dev.tributary.api.users.TokenIdentity;
import dev.tributary.api.users.User;
import dev.tributary.api.users.UserService;
import dev.tributary.api.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.InstantSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: an embedded HSQLDB in {@code data/store/}, encrypted at rest with a key the
 * vault keeps (so the key lives under the master key, outside {@code data/}). Also the webhook inbox:
 * a separate service interface, because only the webhooks bundle and the REST API need it, and other
 * document stores (the test kit's) need not grow it.
 *
 * <p>Also the users and API tokens ({@link UserService}), for the same reasons and one more: password
 * hashes and token digests stay inside this bundle (no service carries them to another), and each
 * change commits in one transaction with its audit line. First start creates the admin
 * ({@link FirstAdmin}).
 */
@Component(name = "dev.tributary.store", service = {DocumentStore.class, WebhookInbox.class, UserService.class, HealthCheck.class},
        immediate = true)
@Designate(ocd = HsqlDocumentStore.Config.class)
public final class HsqlDocumentStore implements DocumentStore, WebhookInbox, UserService, HealthCheck {

    @ObjectClassDefinition(name = "Tributary store", description = "The embedded database of documents, runs and audit.")
    public @interface Config {
        @AttributeDefinition(name = "Connections", description = "Most connections open at once (syncs, searches and the index share them).")
        int maxConnections() default 8;

        @AttributeDefinition(name = "Days deletions are kept", min = "1", description = "How long the change feed remembers a deleted "
                + "document (an index stopped for longer rebuilds itself from the store when it comes back), and the inbox a processed "
                + "webhook delivery (to recognise a redelivery).")
        int deletionsKeptDays() default 30;
    }

    /** The vault entry holding the database's AES key (hex). */
    static final String KEY_NAME = "store.crypt-key";
    private static final Logger LOG = LoggerFactory.getLogger(HsqlDocumentStore.class);

    private final Database database;
    private final DocumentTable documents;
    private final RunTable runs;
    private final InboxTable inbox;
    private final UserTable users;
    /** Prunes old deletions at start and then daily; none in tests that build the store directly. */
    private ScheduledExecutorService pruner;

    @Activate
    public HsqlDocumentStore(BundleContext context, @Reference Vault vault, Config config) throws SQLException, IOException {
        this(open(storeDirectory(context), vault, config.maxConnections()));
        ensureFirstAdmin(System.getenv(), String.valueOf(context.getProperty("tributary.http.url")));
        Duration kept = Duration.ofDays(Math.max(1, config.deletionsKeptDays()));
        pruner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tributary-store-prune");
            t.setDaemon(true);
            return t;
        });
        pruner.scheduleWithFixedDelay(() -> pruneSafely(kept), 1, TimeUnit.DAYS.toMinutes(1), TimeUnit.MINUTES);
    }

    private void pruneSafely(Duration kept) {
        try {
            int pruned = pruneDeletions(Instant.now().minus(kept));
            if (pruned > 0) {
                LOG.info("Pruned {} deletion(s) older than {} days from the change feed (complete after change {})", pruned,
                        kept.toDays(), documents.prunedThrough());
            }
            int deliveries = pruneDoneDeliveries(Instant.now().minus(kept));
            if (deliveries > 0) {
                LOG.info("Pruned {} processed webhook deliveries older than {} days", deliveries, kept.toDays());
            }
        } catch (RuntimeException e) {
            LOG.warn("Pruning old deletions failed; retrying in a day", e);
        }
    }

    /** Forgets the webhook deliveries processed that arrived before {@code before}; returns how many. */
    int pruneDoneDeliveries(Instant before) {
        return sql(() -> inbox.pruneDone(before));
    }

    /** Forgets the deletions that happened before {@code before}; returns how many. */
    int pruneDeletions(Instant before) {
        return sql(() -> documents.pruneDeletions(before));
    }

    private static Path storeDirectory(BundleContext context) {
        String data = context.getProperty("tributary.data.dir");
        if (data == null) {
            throw new IllegalStateException("framework property tributary.data.dir is not set: start the host with bin/tributary");
        }
        return Paths.get(data).resolve("store");
    }

    HsqlDocumentStore(Database database) throws SQLException, IOException {
        this(database, new PasswordHasher(), InstantSource.system());
    }

    HsqlDocumentStore(Database database, PasswordHasher hasher, InstantSource clock) throws SQLException, IOException {
        this.database = database;
        int version = Migrations.apply(database.dataSource());
        this.documents = new DocumentTable(database.dataSource());
        this.runs = new RunTable(database.dataSource());
        this.inbox = new InboxTable(database.dataSource());
        this.users = new UserTable(database.dataSource(), hasher, clock);
        int interrupted = runs.interruptUnfinished();
        LOG.info("Store opened at {} (schema {}, last change {}{})", database.directory(), version, documents.lastSequence(),
                interrupted > 0 ? ", " + interrupted + " run(s) marked interrupted" : "");
    }

    /** Opens the store with its key from the vault, creating both on first start. */
    static Database open(Path directory, Vault vault, int maxConnections) throws SQLException, IOException {
        Optional<char[]> stored = vault.get(Vault.HOST, KEY_NAME);
        boolean exists = Database.exists(directory);
        if (stored.isEmpty() && exists) {
            throw new IllegalStateException("the store in " + directory + " exists but the vault holds no key for it: the vault or its "
                    + "master key was replaced. Restore them from the backup taken with this data; the store was not touched");
        }
        char[] key = stored.orElseGet(() -> {
            byte[] raw = new byte[16];
            new SecureRandom().nextBytes(raw);
            char[] hex = HexFormat.of().formatHex(raw).toCharArray();
            Arrays.fill(raw, (byte) 0);
            vault.put(Vault.HOST, KEY_NAME, hex);
            return hex;
        });
        try {
            return Database.open(directory, new String(key), maxConnections);
        } catch (SQLException e) {
            throw new SQLException("cannot open the store in " + directory + ": " + e.getMessage()
                    + (exists ? ". If the vault or master key was replaced, restore them; the store files were not changed" : ""), e);
        } finally {
            Arrays.fill(key, '\0');
        }
    }

    @Deactivate
    void close() throws SQLException {
        if (pruner != null) {
            pruner.shutdownNow();
        }
        database.close();
        LOG.info("Store closed");
    }

    @Override
    public List<HealthCheckResult> check() {
        return List.of(HealthCheckResult.up("store", "HSQLDB at " + database.directory()));
    }

    @Override
    public CommitResult commit(String instanceId, String sourceType, List<Change> changes, String checkpoint) {
        return sql(() -> documents.commit(instanceId, sourceType, changes, checkpoint));
    }

    @Override
    public Optional<String> checkpoint(String instanceId) {
        return sql(() -> documents.checkpoint(instanceId));
    }

    @Override
    public void resetCheckpoint(String instanceId) {
        sql(() -> {
            documents.resetCheckpoint(instanceId);
            return null;
        });
    }

    @Override
    public Optional<StoredDocument> get(String instanceId, String externalId) {
        return sql(() -> documents.get(instanceId, externalId));
    }

    @Override
    public Set<String> externalIds(String instanceId) {
        return sql(() -> documents.externalIds(instanceId));
    }

    @Override
    public Set<String> externalIds(String instanceId, String prefix) {
        return sql(() -> documents.externalIds(instanceId, prefix));
    }

    @Override
    public long count(String instanceId) {
        return sql(() -> documents.count(instanceId));
    }

    @Override
    public List<StoredDocument> documents(String instanceId, String after, int limit) {
        return sql(() -> documents.page(instanceId, after, limit));
    }

    /** Also removes the instance's webhook deliveries: they hold its source data. */
    @Override
    public CommitResult purge(String instanceId) {
        return sql(() -> {
            CommitResult purged = documents.purge(instanceId);
            inbox.purge(instanceId);
            return purged;
        });
    }

    @Override
    public List<DocumentChange> changesSince(long after, int limit) {
        return sql(() -> documents.changesSince(after, limit));
    }

    @Override
    public long lastSequence() {
        return documents.lastSequence();
    }

    @Override
    public long prunedThrough() {
        return documents.prunedThrough();
    }

    @Override
    public long awaitChange(long after, Duration timeout) throws InterruptedException {
        return documents.awaitChange(after, timeout);
    }

    @Override
    public void forEach(Consumer<StoredDocument> action) {
        sql(() -> {
            documents.forEach(action);
            return null;
        });
    }

    @Override
    public long startRun(String instanceId, String mode) {
        return sql(() -> runs.start(instanceId, mode));
    }

    @Override
    public void finishRun(long runId, String status, RunCounts counts, String error) {
        sql(() -> {
            runs.finish(runId, status, counts, error);
            return null;
        });
    }

    @Override
    public List<Run> runs(String instanceId, int limit) {
        return sql(() -> runs.recent(instanceId, 0, limit));
    }

    @Override
    public List<Run> runs(String instanceId, int offset, int limit) {
        return sql(() -> runs.recent(instanceId, offset, limit));
    }

    @Override
    public long runCount(String instanceId) {
        return sql(() -> runs.count(instanceId));
    }

    @Override
    public List<AuditEntry> auditLog(String actor, String target, int offset, int limit) {
        return sql(() -> runs.auditLog(actor, target, offset, limit));
    }

    @Override
    public long auditCount(String actor, String target) {
        return sql(() -> runs.auditCount(actor, target));
    }

    @Override
    public int interruptUnfinishedRuns() {
        return sql(runs::interruptUnfinished);
    }

    @Override
    public void audit(String actor, String action, String target, String detail) {
        sql(() -> {
            runs.audit(actor, action, target, detail);
            return null;
        });
    }

    @Override
    public Added add(String instanceId, WebhookReceiver.Accepted accepted, WebhookDelivery delivery) {
        return sql(() -> inbox.add(instanceId, accepted, delivery));
    }

    @Override
    public List<Entry> heads(int limit) {
        return sql(() -> inbox.heads(limit));
    }

    @Override
    public Optional<Entry> entry(long id) {
        return sql(() -> inbox.entry(id));
    }

    @Override
    public Optional<WebhookDelivery> delivery(long id) {
        return sql(() -> inbox.delivery(id));
    }

    @Override
    public void done(long id) {
        sql(() -> {
            inbox.done(id);
            return null;
        });
    }

    @Override
    public void failed(long id, String error, Instant retryAt) {
        sql(() -> {
            inbox.failed(id, error, retryAt);
            return null;
        });
    }

    @Override
    public List<Entry> dead(String instanceId, int limit) {
        return sql(() -> inbox.dead(instanceId, 0, limit));
    }

    @Override
    public List<Entry> dead(String instanceId, int offset, int limit) {
        return sql(() -> inbox.dead(instanceId, Math.max(0, offset), Math.max(0, limit)));
    }

    @Override
    public boolean replay(long id, String actor) {
        return sql(() -> inbox.replay(id, actor));
    }

    @Override
    public List<Backlog> backlog() {
        return sql(inbox::backlog);
    }

    /** For tests that look at rows. */
    javax.sql.DataSource dataSource() {
        return database.dataSource();
    }

    /** First start: creates the admin if there is no user yet; the random password printed, if one was made. */
    Optional<String> ensureFirstAdmin(Map<String, String> env, String url) {
        return sql(() -> FirstAdmin.ensure(users, env, url));
    }

    @Override
    public List<User> users() {
        return sql(users::users);
    }

    @Override
    public Optional<User> user(String name) {
        return sql(() -> users.user(name));
    }

    @Override
    public User create(String name, Role role, Set<String> principals, char[] initialPassword, String actor) {
        return sql(() -> users.create(name, role, principals, initialPassword, actor));
    }

    @Override
    public Optional<User> update(String name, Role role, Set<String> principals, String actor) {
        return sql(() -> users.update(name, role, principals, actor));
    }

    @Override
    public boolean delete(String name, String actor) {
        return sql(() -> users.delete(name, actor));
    }

    @Override
    public boolean resetPassword(String name, char[] temporaryPassword, String actor) {
        return sql(() -> users.resetPassword(name, temporaryPassword, actor));
    }

    @Override
    public Optional<User> authenticate(String name, char[] password) {
        return sql(() -> users.authenticate(name, password));
    }

    @Override
    public User changePassword(String name, char[] currentPassword, char[] newPassword) {
        return sql(() -> users.changePassword(name, currentPassword, newPassword));
    }

    @Override
    public NewToken createToken(String user, String name, Role role, String actor) {
        return sql(() -> users.createToken(user, name, role, actor));
    }

    @Override
    public List<ApiToken> tokens() {
        return sql(users::tokens);
    }

    @Override
    public boolean revokeToken(long id, String actor) {
        return sql(() -> users.revokeToken(id, actor));
    }

    @Override
    public Optional<TokenIdentity> authenticateToken(String secret) {
        return sql(() -> users.authenticateToken(secret));
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    /** SQL failures become unchecked with the database's message: callers cannot fix them, only report them. */
    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new StoreException(e.getMessage(), e);
        }
    }
}
