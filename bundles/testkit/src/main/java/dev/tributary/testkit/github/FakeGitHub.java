package dev.tributary.testkit.github;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake GitHub REST API on 127.0.0.1 for connector tests. It follows GitHub's documented contract
 * (each class cites the docs page of what it does): repositories with collaborators and teams, issues,
 * pull requests and comments; private repositories 404 to outsiders; paging with {@code link} headers;
 * strong ETags with 304s that spend nothing; primary and secondary rate limits; 410 for deleted and
 * 301 for transferred issues; webhook deliveries signed like GitHub's. Time is the fake's own clock,
 * moved only by {@link #advance(Duration)}; every change takes {@link #now()}.
 *
 * <pre>{@code
 * try (FakeGitHub github = FakeGitHub.start()) {
 *     github.token("t0k3n", "octocat");
 *     Repo repo = github.repo("octocat", "hello", true);
 *     repo.issue("Bug", "It breaks", "octocat").comment("octocat", "Still does");
 *     // point the connector at github.apiUrl() with "Authorization: Bearer t0k3n"
 * }
 * }</pre>
 */
public final class FakeGitHub implements AutoCloseable {
    /** Where the clock starts unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2024-01-01T10:00:00Z");
    public static final String DEFAULT_HTML_BASE = "https://github.example.test/";
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final World world;
    private final RateLimits limits = new RateLimits();
    private final HttpServer server;
    private final ExecutorService executor;
    private final ApiHandler handler;
    private final Webhooks webhooks;
    private final URI apiUrl;
    private final String htmlBase;

    private FakeGitHub(Instant start, String htmlBase) throws IOException {
        this.world = new World(start);
        this.htmlBase = htmlBase.endsWith("/") ? htmlBase : htmlBase + "/";
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        this.apiUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        Renderer renderer = new Renderer(world, apiUrl.toString(), this.htmlBase);
        Paging paging = new Paging(apiUrl.toString());
        this.handler = new ApiHandler(world, limits, List.of(new AccountEndpoints(world, renderer, paging),
                new RepoEndpoints(world, renderer, paging), new IssueEndpoints(world, renderer, paging)));
        this.webhooks = new Webhooks(renderer, 12_312_312L);
        int serverNumber = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "fake-github-" + serverNumber + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.createContext("/", handler);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a fake whose clock reads {@link #DEFAULT_START}. */
    public static FakeGitHub start() {
        return start(DEFAULT_START, DEFAULT_HTML_BASE);
    }

    /** Starts a fake whose clock reads {@code clockStart}; html_url values begin with {@code htmlBase}. */
    public static FakeGitHub start(Instant clockStart, String htmlBase) {
        try {
            return new FakeGitHub(clockStart, htmlBase);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake GitHub on 127.0.0.1", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/}: append paths such as {@code repos/o/r/issues}. */
    public URI apiUrl() {
        return apiUrl;
    }

    /** The web base of {@code html_url} values, e.g. {@code https://github.example.test/}. */
    public String htmlBase() {
        return htmlBase;
    }

    // --- time -------------------------------------------------------------------------------------------

    public Instant now() {
        return world.now();
    }

    public void advance(Duration duration) {
        world.advance(duration);
    }

    /**
     * The fake's clock as a {@link Clock}: rate-limit resets and {@code retry-after} are in this time, so
     * give it to the client under test.
     */
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return Clock.fixed(instant(), zone);
            }

            @Override
            public Instant instant() {
                return world.now();
            }
        };
    }

    // --- accounts and repositories ------------------------------------------------------------------------

    /** A token that authenticates as {@code login} (the user is created if new). */
    public void token(String token, String login) {
        world.token(token, world.account(login));
    }

    /** Declares {@code login} an organization with these members. */
    public void organization(String login, String... members) {
        synchronized (world) {
            var org = world.organization(login);
            for (String member : members) {
                world.addOrgMember(org, world.account(member));
            }
        }
    }

    /** Creates a repository; its owner (user or organization) is created if new. */
    public Repo repo(String owner, String name, boolean isPrivate) {
        synchronized (world) {
            return world.newRepo(world.account(owner), name, isPrivate);
        }
    }

    /** The live repository {@code owner/name}, case-insensitively. */
    public Optional<Repo> findRepo(String owner, String name) {
        return world.findRepo(owner, name);
    }

    // --- limits and faults ---------------------------------------------------------------------------------

    /** Requests per hour per user (default 5,000). */
    public void rateLimit(int perHour) {
        limits.perHour(perHour);
    }

    /** The next {@code requests} requests get 403 with the secondary-limit message and {@code retry-after}. */
    public void secondaryLimit(int requests, Duration retryAfter) {
        limits.secondary(requests, retryAfter);
    }

    /** The next {@code n} requests fail with {@code status} (e.g. 502), before anything else is looked at. */
    public void failNext(int n, int status) {
        handler.failNext(n, status);
    }

    // --- recorded requests ---------------------------------------------------------------------------------

    public List<Recorded> requests() {
        return handler.recorded();
    }

    public void clearRequests() {
        handler.clear();
    }

    /** What was asked of the fake that GitHub's OpenAPI description does not allow, one line each. */
    public List<String> contractViolations(GitHubOpenApi api) {
        return violations(api, false);
    }

    /** Where the fake's own answers lack what the description requires: a check on the fake itself. */
    public List<String> responseViolations(GitHubOpenApi api) {
        return violations(api, true);
    }

    private List<String> violations(GitHubOpenApi api, boolean responses) {
        List<String> all = new ArrayList<>();
        for (Recorded r : requests()) {
            for (String v : responses ? api.checkResponse(r) : api.check(r)) {
                all.add(r.method() + " " + r.path() + ": " + v);
            }
        }
        return all;
    }

    // --- webhooks ------------------------------------------------------------------------------------------

    /**
     * A delivery of {@code event}/{@code action} about {@code subject} ({@link Issue} for "issues" and
     * "pull_request", {@link Comment} for "issue_comment", {@link Repo} for "repository"), sent by the
     * subject's author (the owner for a repository), signed with {@code secret} (null: unsigned).
     */
    public Delivery delivery(String secret, String event, String action, Object subject) {
        return delivery(secret, event, action, subject, null);
    }

    /** As {@link #delivery(String, String, String, Object)}, with {@code sender} as the acting user. */
    public Delivery delivery(String secret, String event, String action, Object subject, String sender) {
        synchronized (world) {
            var actor = sender != null ? world.account(sender) : defaultSender(subject);
            return webhooks.deliver(secret, event, Json.bytes(webhooks.payload(event, action, subject, actor)));
        }
    }

    /** A delivery of a body you wrote, signed as GitHub signs it. */
    public Delivery delivery(String secret, String event, String jsonBody) {
        return webhooks.deliver(secret, event, jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    private static Account defaultSender(Object subject) {
        if (subject instanceof Issue issue) {
            return issue.author;
        }
        if (subject instanceof Comment comment) {
            return comment.author;
        }
        if (subject instanceof Repo repo) {
            return repo.owner;
        }
        throw new IllegalArgumentException("no webhook payload is about " + subject);
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FakeGitHub[" + apiUrl + "]";
    }
}
