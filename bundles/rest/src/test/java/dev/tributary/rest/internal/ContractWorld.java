package dev.tributary.rest.internal;

import dev.tributary.api.connector.Connector;
import dev.tributary.api.connector.WebhookDelivery;
import dev.tributary.api.connector.WebhookReceiver;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.HttpClients.ClientMetrics;
import dev.tributary.api.oauth.OAuthService;
import dev.tributary.api.oauth.OAuthSettings;
import dev.tributary.api.search.IndexCheck;
import dev.tributary.api.search.SearchRequest;
import dev.tributary.api.search.SearchResult;
import dev.tributary.api.search.SearchService;
import dev.tributary.api.connector.Document;
import dev.tributary.api.store.AuditEntry;
import dev.tributary.api.store.Change;
import dev.tributary.api.store.DocumentStore;
import dev.tributary.api.store.Run;
import dev.tributary.api.sync.InstanceInfo;
import dev.tributary.api.sync.Progress;
import dev.tributary.api.sync.SyncService;
import dev.tributary.api.users.Role;
import dev.tributary.testkit.MemoryDocumentStore;
import dev.tributary.testkit.MemoryVault;
import dev.tributary.testkit.MemoryWebhookInbox;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A host as the REST API sees it, with something in every service so that each answer has content to
 * check: three instances (idle with a last run and HTTP metrics, running with progress, paused for
 * authorization), a search hit with facets, runs, audit lines, webhook deliveries, users of each role.
 * Configuration Admin, Metatype and the deploy watcher are absent (they need a framework).
 */
final class ContractWorld {

    static final String ADMIN_PW = "admin's real password";
    static final String OPERATOR_PW = "operator pass 1234";
    static final String VIEWER_PW = "viewer pass 12345";
    static final String FIRST_PW = "one-time pw 7f3k9q";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final FakeUsers users = new FakeUsers()
            .with("admin", Role.ADMIN, Set.of("user:admin@example.com"), ADMIN_PW, false)
            .with("olga", Role.OPERATOR, Set.of("group:ops"), OPERATOR_PW, false)
            .with("vic", Role.VIEWER, Set.of("user:vic@example.com", "group:eng"), VIEWER_PW, false)
            .with("newbie", Role.ADMIN, Set.of(), FIRST_PW, true);
    final MemoryVault vault = new MemoryVault();
    final MemoryWebhookInbox inbox = new MemoryWebhookInbox();
    final AuditedStore store = new AuditedStore();
    final long deadLetter;
    final long pendingDelivery;
    final String adminToken;
    private final AdminToken token;
    private final Map<String, Set<Integer>> covered;

    ContractWorld(Path data, Map<String, Set<Integer>> covered) throws IOException {
        this.covered = covered;
        this.token = AdminToken.loadOrCreate(data);
        this.adminToken = Files.readString(data.resolve(AdminToken.FILE)).trim();
        WebhookDelivery delivery = new WebhookDelivery(Map.of(), "{}".getBytes(StandardCharsets.UTF_8), T0);
        deadLetter = inbox.add("docs", new WebhookReceiver.Accepted("d-1", "issues.edited"), delivery).id();
        inbox.failed(deadLetter, "IOException: source answered 502", null);
        pendingDelivery = inbox.add("docs", new WebhookReceiver.Accepted("d-2", "push"), delivery).id();
        long first = store.startRun("docs", "full");
        store.finishRun(first, "succeeded", new DocumentStore.RunCounts(12, 10, 1, 1, 0, 0), null);
        long second = store.startRun("docs", "incremental");
        store.finishRun(second, "failed", new DocumentStore.RunCounts(3, 0, 0, 2, 0, 1), "IOException: connection reset");
        vault.put("docs", "token", "s3cret".toCharArray());
        store.commit("docs", "filesystem", List.of(new Change.Upsert(Document.builder("a.txt").title("a.txt").text("the report")
                .url("file:///srv/docs/a.txt").principals(Set.of("everyone")).build(), "9f2c")), "cp");
    }

    /** Every service there (but Configuration Admin, Metatype and the deploy watcher). */
    Api api() {
        // a clock that stands still: sessions never idle out, and failed sign-ins stay throttled
        InstantSource clock = InstantSource.fixed(T0);
        return new Api(token, Services.none().search(search()).sync(sync()).vault(vault).inbox(inbox).oauth(oauth()).users(users).store(store),
                new Sessions(clock, Duration.ofMinutes(30)), new LoginThrottle(clock));
    }

    /** No service at all: every route answers 503 to the local admin token. */
    Api withoutServices() {
        return new Api(token, Services.none());
    }

    /** A client with the local admin token. */
    ContractClient admin(Api api) {
        return new ContractClient(api, covered).bearer(adminToken);
    }

    /** A client with an API token of {@code user}, scoped to the user's role. */
    ContractClient tokenOf(Api api, String user) {
        Role role = users.user(user).orElseThrow().role();
        return new ContractClient(api, covered).bearer(users.createToken(user, "contract " + role.id(), role, "test").secret());
    }

    /** A browser that signed in as {@code user}. */
    ContractClient browser(Api api, String user, String password) {
        ContractClient b = new ContractClient(api, covered);
        b.signIn(user, password);
        return b;
    }

    ContractClient anonymous(Api api) {
        return new ContractClient(api, covered);
    }

    /** One hit that is also in a second instance, with every facet. */
    static SearchService search() {
        return new SearchService() {
            public SearchResult search(SearchRequest r) {
                SearchResult.Hit hit = new SearchResult.Hit("docs/a.txt", "Quarterly report", "file:///srv/docs/a.txt",
                        "the <mark>report</mark> &amp; more", "docs", "filesystem", "/srv/docs", T0, 1.5f,
                        List.of(new SearchResult.Source("docs", "filesystem", "a.txt", "file:///srv/docs/a.txt"),
                                new SearchResult.Source("share", "filesystem", "b.txt", "file:///srv/share/b.txt")));
                SearchResult.Hit untitled = new SearchResult.Hit("share/c.txt", "", "file:///srv/share/c.txt", "", "share", "filesystem",
                        null, null, 0.5f, List.of(new SearchResult.Source("share", "filesystem", "c.txt", "file:///srv/share/c.txt")));
                List<SearchResult.FacetValue> one = List.of(new SearchResult.FacetValue("docs", 1));
                return new SearchResult(2, List.of(hit, untitled), Map.of("instance", one, "sourceType",
                        List.of(new SearchResult.FacetValue("filesystem", 2)), "container", one, "author", List.of()));
            }

            public long rebuild() {
                return 7;
            }

            public long appliedSequence() {
                return 0;
            }

            public Optional<IndexCheck> verify() {
                return Optional.of(new IndexCheck(41, 42, 2, 3, List.of(), List.of("share/gone.txt"), List.of("docs/a.txt"), List.of()));
            }
        };
    }

    /** {@code docs} idle after runs, {@code busy} running a sync, {@code crm} paused until authorized. */
    static SyncService sync() {
        Run last = new Run(2, "docs", "incremental", T0, T0.plusSeconds(3), "failed", 3, 0, 0, 2, 0, 1, "IOException: connection reset");
        Run running = new Run(9, "busy", "full", T0, null, "running", 40, 30, 0, 10, 0, 0, null);
        List<InstanceInfo> all = List.of(
                new InstanceInfo("docs", "filesystem", "idle", "15m", last, T0.plusSeconds(900), 10,
                        new ClientMetrics(12, 1, 0, 0, 41.5, 220, Map.of("api.example.com", "CLOSED"))),
                new InstanceInfo("busy", "github", "running", "1h", running, null, 40, null, null,
                        Progress.of(9, "full", T0, 40, 30, 120, T0.plusSeconds(20))),
                new InstanceInfo("crm", "salesforce", InstanceInfo.NEEDS_AUTHORIZATION, "manual", null, null, 0, null,
                        "its refresh token was revoked: run 'bin/tributary authorize crm'"));
        return new SyncService() {
            public List<InstanceInfo> instances() { return all; }
            public Optional<InstanceInfo> instance(String id) { return all.stream().filter(i -> i.instanceId().equals(id)).findFirst(); }
            public boolean sync(String id, boolean full) { return instance(id).isPresent(); }
            public boolean cancel(String id) { return id.equals("busy"); }
            public Optional<WebhookReceiver.Accepted> verifyWebhook(String id, WebhookDelivery d) { return Optional.empty(); }
            public boolean processWebhook(String id, WebhookDelivery d) { return false; }
            public Optional<Connector> connector(String id) { return Optional.empty(); }
            public boolean needsAuthorization(String id, String message) { return false; }
            public boolean authorized(String id) { return false; }
        };
    }

    static OAuthService oauth() {
        return new OAuthService() {
            public Credentials credentials(String id, OAuthSettings settings) { throw new UnsupportedOperationException(); }
            public URI redirectUri() { return URI.create("http://127.0.0.1:8080/oauth/callback"); }
            public Authorization authorize(String id) {
                if (!id.equals("crm")) {
                    throw new IllegalStateException("instance " + id + " does not use the OAuth authorization code grant");
                }
                return new Authorization(id, URI.create("https://login.example.com/authorize?client_id=c&state=s"), redirectUri(),
                        T0.plusSeconds(600));
            }
        };
    }

    /** The test kit's store, with an audit log to page through. */
    static final class AuditedStore extends MemoryDocumentStore {
        private final List<AuditEntry> log = List.of(
                new AuditEntry(2, T0.plusSeconds(60), "admin", "user.created", "wendy", "role viewer"),
                new AuditEntry(1, T0, "admin.token", "secret.set", "docs", null));

        @Override
        public List<AuditEntry> auditLog(String actor, String target, int offset, int limit) {
            return matching(actor, target).stream().skip(offset).limit(limit).toList();
        }

        @Override
        public long auditCount(String actor, String target) {
            return matching(actor, target).size();
        }

        private List<AuditEntry> matching(String actor, String target) {
            return log.stream().filter(e -> actor == null || e.actor().equals(actor)).filter(e -> target == null || target.equals(e.target()))
                    .toList();
        }
    }
}
