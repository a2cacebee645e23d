package dev.tributary.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.testkit.Signatures;
import dev.tributary.testkit.github.Comment;
import dev.tributary.testkit.github.Delivery;
import dev.tributary.testkit.github.FakeGitHub;
import dev.tributary.testkit.github.Issue;
import dev.tributary.testkit.github.Repo;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated bad input from GitHub, on one host (booted in this JVM) with two GitHub instances, each
 * against its own fake GitHub: {@value #HOOKS} receives generated webhook deliveries, {@value #ANSWERS}
 * syncs through a {@link FaultProxy} that gives generated bad answers. Whatever arrives, the host stays
 * UP, a bad input gets one clear answer or error, nothing stored is lost or changed by it, and the next
 * good delivery or sync does its work. Samples come from a fixed seed ({@link FixedSeed}).
 */
@AddLifecycleHook(FixedSeed.class)
class BadInputFromGitHubIT {

    static final String HOOKS = "hooks";
    static final String ANSWERS = "answers";
    private static final String TOKEN = "ghp_badinput0t0k3n";
    private static final String SECRET = "hook-s3cret-of-badinput";
    private static final String GITHUB = "dev.tributary.connector.github";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path tmp;
    private static InProcessHost host;
    private static HostApi api;
    private static FakeGitHub hooksSource;
    private static FakeGitHub answersSource;
    private static FaultProxy proxy;
    /** Where a Link header to another origin leads: the client must never go there (with its token). */
    private static HttpServer trap;
    private static final List<String> trapped = new CopyOnWriteArrayList<>();
    /** Webhook subjects by (subject, scope), and the issue every genuine delivery edits. */
    private static Map<String, Object> subjects;
    private static Issue marker;
    private static int markerEdits;
    private static final List<String> acceptedIds = new CopyOnWriteArrayList<>();
    /** The documents of {@value #ANSWERS} after its first, good, sync: id → content hash. */
    private static Map<String, String> answersBaseline;

    @BeforeContainer
    static void start() throws Exception {
        tmp = Files.createTempDirectory("bad-input-github");
        hooksSource = FakeGitHub.start();
        answersSource = FakeGitHub.start();
        subjects = seedHooksSource(hooksSource);
        seedAnswersSource(answersSource);
        proxy = FaultProxy.start(answersSource.apiUrl(), FaultProxy.NONE);
        trap = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        trap.createContext("/", exchange -> {
            trapped.add(exchange.getRequestMethod() + " " + exchange.getRequestURI()
                    + (exchange.getRequestHeaders().containsKey("Authorization") ? ", with the token" : ""));
            byte[] empty = "[]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, empty.length);
            exchange.getResponseBody().write(empty);
            exchange.close();
        });
        trap.start();

        host = new InProcessHost(tmp);
        api = new HostApi(host.dist);
        host.dist.deployConnector("github");
        await("the GitHub connector is deployed").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> api.connectors().toString().contains(GITHUB));
        create(HOOKS, hooksSource.apiUrl(), "octo/*");
        create(ANSWERS, proxy.url(), "*");

        assertThat(api.syncAndAwait(HOOKS, true).path("status").asText()).isEqualTo("succeeded");
        JsonNode first = api.syncAndAwait(ANSWERS, true);
        assertThat(first.path("status").asText()).as(first.toString()).isEqualTo("succeeded");
        answersBaseline = api.contentHashes(ANSWERS);
        // 2 repositories with a README each; 4 issues and pull requests, 3 comments
        assertThat(answersBaseline).as("documents of the first sync").hasSize(9);
    }

    @AfterContainer
    static void stop() throws Exception {
        String log = "";
        try {
            if (host != null) {
                log = host.dist.logText();
                host.close();
            }
        } finally {
            if (trap != null) {
                trap.stop(0);
            }
            if (proxy != null) {
                proxy.close();
            }
            if (hooksSource != null) {
                hooksSource.close();
            }
            if (answersSource != null) {
                answersSource.close();
            }
            if (tmp != null) {
                Trees.delete(tmp);
            }
        }
        assertThat(log).as("the log").doesNotContain(TOKEN, SECRET);
        assertThat(log.lines().filter(l -> l.contains("Webhook delivery"))).as("what the log says of deliveries")
                .noneMatch(l -> l.contains("kumquat") || l.contains("pangolin"));
    }

    @Provide
    Arbitrary<BadDelivery> deliveries() {
        return BadDelivery.any();
    }

    @Provide
    Arbitrary<BadAnswer> answers() {
        return BadAnswer.any();
    }

    /**
     * A delivery with a bad signature is refused (401) and one that is signed but unusable (400), each
     * with a problem that echoes neither the secret, nor the signature it expected, nor the body, and is
     * never stored or processed; an accepted one is processed by a webhook run that succeeds. Either
     * way nothing stored changes, and a genuine delivery right after it updates its document.
     */
    @Property(tries = 60, shrinking = ShrinkingMode.OFF)
    void aWebhookDeliveryIsRefusedClearlyOrProcessedWithoutHarm(@ForAll("deliveries") BadDelivery d) throws Exception {
        Map<String, String> before = api.contentHashes(HOOKS);
        long webhookRuns = webhookRuns().size();
        long refusals = refusalsLogged();
        byte[] body = d.body(payloadOf(d.payload()));
        String id = d.deliveryId(acceptedIds, UUID.randomUUID().toString());
        Set<Integer> expected = d.expected(body, id, acceptedIds);
        HttpResponse<String> answer = post(d.headers(body, id, SECRET), body, d.chunked());
        Statistics.label("answer").collect(answer.statusCode());

        assertThat(answer.statusCode()).as("answer to %s: %s", d, answer.body()).isIn(expected);
        if (answer.statusCode() < 300) {
            acceptedIds.add(id);
        } else {
            assertClearProblem(answer, body, refusals);
        }
        // a genuine delivery right after, with the id of a refused one (which must not have been stored)
        boolean reuseId = answer.statusCode() >= 300 && id != null && !id.isBlank() && id.length() <= 200 && !acceptedIds.contains(id);
        String markerId = "octo/handbook/issues/" + marker.number();
        String text = deliverMarkerEdit(reuseId ? id : null);

        // one webhook run for each delivery stored (the refused one is not), each over before the next starts
        int stored = answer.statusCode() == 202 ? 2 : 1;
        List<JsonNode> runs = await("the webhook runs end").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(BadInputFromGitHubIT::webhookRuns, r -> r.size() >= webhookRuns + stored && !r.get(0).path("status").asText().equals("running"));
        assertThat(runs.subList(0, runs.size() - (int) webhookRuns)).as("webhook runs of %s and the genuine delivery", d).hasSize(stored)
                .allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("succeeded"));
        assertThat(api.documents(HOOKS).get(markerId).path("textSha256").asText()).as("the genuine delivery's edit").isEqualTo(sha256(text));
        Map<String, String> after = api.contentHashes(HOOKS);
        assertThat(after.keySet()).as("documents after %s", d).isEqualTo(before.keySet());
        after.remove(markerId);
        before.remove(markerId);
        assertThat(after).as("documents after %s, but the edited one", d).isEqualTo(before);
        assertThat(refusalsLogged() - refusals).as("log lines about the refusal of %s", d)
                .isEqualTo(answer.statusCode() == 400 || answer.statusCode() == 401 ? 1 : 0);
        // a delivery is marked done just after its run ends
        await("no delivery waits or is dead").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(api.get("/api/v1/webhooks").path("backlog").toString()).doesNotContain("\"" + HOOKS + "\""));
        assertHealthy();
    }

    /** A refusal is a problem (RFC 9457) that says why without echoing the secret, the signature it wanted or the body, and is logged. */
    private static void assertClearProblem(HttpResponse<String> answer, byte[] body, long refusalsBefore) throws Exception {
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(problem.path("status").asInt()).isEqualTo(answer.statusCode());
        assertThat(problem.path("detail").asText()).as("the problem's detail").isNotBlank().hasSizeLessThan(400)
                .doesNotContain(SECRET, Signatures.hmacHex("HmacSHA256", SECRET, body), "kumquat", "pangolin");
        if (answer.statusCode() != 413) {
            await("the refusal is logged").atMost(Duration.ofSeconds(10)).until(() -> refusalsLogged() > refusalsBefore);
        }
    }

    /** Edits the marker issue at GitHub (a minute later) and delivers the edit as GitHub would; its new text. */
    private static String deliverMarkerEdit(String deliveryId) throws Exception {
        hooksSource.advance(Duration.ofMinutes(1));
        String text = "marker " + ++markerEdits;
        marker.edit("Marker", text);
        Delivery genuine = hooksSource.delivery(SECRET, "issues", "edited", marker);
        Map<String, String> headers = new java.util.LinkedHashMap<>(genuine.headers());
        headers.put("X-GitHub-Delivery", deliveryId == null ? genuine.guid() : deliveryId);
        HttpResponse<String> accepted = post(headers, genuine.body(), false);
        assertThat(accepted.statusCode()).as("a genuine delivery: %s", accepted.body()).isEqualTo(202);
        acceptedIds.add(headers.get("X-GitHub-Delivery"));
        return text;
    }

    /**
     * A bad answer from GitHub leaves every stored document as it was; a harmful one fails the run with
     * an error that names the request, without a stack trace; the client never follows a link to
     * another origin; and the next good sync succeeds with exactly the documents of before.
     */
    @Property(tries = 45, shrinking = ShrinkingMode.OFF)
    void aBadApiAnswerFailsTheRunClearlyAndLosesNothing(@ForAll("answers") BadAnswer bad) throws Exception {
        BadAnswer.Injected injected = bad.inject("http://127.0.0.1:" + trap.getAddress().getPort());
        proxy.fault(injected);
        JsonNode run;
        try {
            run = api.syncAndAwait(ANSWERS, bad.full());
        } finally {
            proxy.fault(FaultProxy.NONE);
        }
        Statistics.label("changed").collect(!injected.changed.isEmpty());
        Statistics.label("run").collect(run.path("status").asText());
        String error = run.path("error").asText("");
        assertThat(api.contentHashes(ANSWERS)).as("documents after the run of %s (%s: %s)", bad, run.path("status").asText(), error)
                .isEqualTo(answersBaseline);
        if (injected.harmful) {
            assertThat(run.path("status").asText()).as("the run given %s", bad).isEqualTo("failed");
        }
        if (run.path("status").asText().equals("failed")) {
            assertThat(error).as("the error of the run given %s", bad).hasSizeLessThan(1500).doesNotContain("\tat ", "xxxxxxxxxx")
                    .containsAnyOf(injected.changed.isEmpty() ? new String[] {"/"} : injected.changed.toArray(String[]::new));
        }
        assertThat(trapped).as("requests that followed a link to another origin").isEmpty();

        JsonNode good = api.syncAndAwait(ANSWERS, false);
        assertThat(good.path("status").asText()).as("the good run after %s: %s", bad, good).isEqualTo("succeeded");
        assertThat(api.contentHashes(ANSWERS)).as("documents after the good run after %s", bad).isEqualTo(answersBaseline);
        assertHealthy();
        Statistics.label("changed").coverage(c -> c.check(true).percentage(p -> p >= 50));
    }

    private static Map<String, Object> seedHooksSource(FakeGitHub fake) {
        fake.token(TOKEN, "octo");
        Repo handbook = fake.repo("octo", "handbook", false).description("How we work");
        Issue question = handbook.issue("Where is the kumquat?", "Asking about the pangolin.", "octo");
        marker = handbook.issue("Marker", "marker 0", "octo");
        Issue pull = handbook.pullRequest("Find the kumquat", "It was behind the pangolin.", "octo");
        Comment comment = question.comment("octo", "Still looking for the kumquat.");
        // public, so the token reads it, but not octo's: the instance (octo/*) does not sync it
        Repo elsewhere = fake.repo("other", "elsewhere", false);
        Issue away = elsewhere.issue("Not synced", "An instance that does not sync other/elsewhere.", "other");
        Issue awayPull = elsewhere.pullRequest("Not synced either", "Nor this one.", "other");
        Comment awayComment = away.comment("other", "Nor this comment.");
        return Map.of("ISSUE/SYNCED", question, "PULL_REQUEST/SYNCED", pull, "COMMENT/SYNCED", comment, "REPOSITORY/SYNCED", handbook,
                "ISSUE/NOT_SYNCED", away, "PULL_REQUEST/NOT_SYNCED", awayPull, "COMMENT/NOT_SYNCED", awayComment, "REPOSITORY/NOT_SYNCED", elsewhere);
    }

    private static void seedAnswersSource(FakeGitHub fake) {
        fake.token(TOKEN, "octo");
        fake.organization("acme", "octo", "ann");
        Repo handbook = fake.repo("octo", "handbook", false).description("How we work").readme("# Handbook\nBe kind.");
        Issue question = handbook.issue("Where is the kumquat?", "Asking about the pangolin.", "octo");
        question.comment("octo", "Still looking.");
        handbook.pullRequest("Find the kumquat", "It was behind the pangolin.", "ann").comment("ann", "Thanks!");
        Repo plans = fake.repo("acme", "plans", true).readme("Plans, confidential.");
        plans.collaborator("octo");
        plans.team("acme", "planners", "ann");
        plans.issue("Budget", "Confidential.", "octo").comment("ann", "Agreed.");
        plans.issue("Offsite", "Where shall we meet?", "ann");
    }

    /** The payload GitHub would send about a subject; for a missing repository, one that names octo/ghost. */
    private static JsonNode payloadOf(BadDelivery.Payload p) throws Exception {
        String scope = p.scope() == BadDelivery.Scope.MISSING ? "SYNCED" : p.scope().name();
        Object subject = subjects.get(p.subject().name() + "/" + scope);
        JsonNode payload = JSON.readTree(hooksSource.delivery(SECRET, p.subject().event, "edited", subject).body());
        if (p.scope() == BadDelivery.Scope.MISSING) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) payload.path("repository")).put("full_name", "octo/ghost").put("name", "ghost");
        }
        return payload;
    }

    private static HttpResponse<String> post(Map<String, String> headers, byte[] body, boolean chunked) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host.dist.url("/hooks/" + HOOKS))).timeout(Duration.ofSeconds(30))
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return Distribution.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An instance from a file in etc/, as ops write it: impatient (one quick retry), so a bad answer fails its run at once. */
    private static void create(String instance, URI apiUrl, String repositories) throws Exception {
        Files.writeString(host.dist.etc().resolve(GITHUB + "~" + instance + ".cfg"), "apiUrl = " + apiUrl + "\nschedule = manual\n"
                + "repositories = " + repositories + "\nhttp.maxRetries = 1\nhttp.backoff = PT0.05S\nhttp.maxBackoff = PT0.1S\n");
        api.awaitInstance(instance, i -> true, Duration.ofSeconds(30), "instance " + instance + " runs");
        api.secret(instance, "token", TOKEN);
        api.secret(instance, "webhookSecret", SECRET);
    }

    /** Lines of the host's log that say a delivery to {@value #HOOKS} was refused. */
    private static long refusalsLogged() throws Exception {
        return host.dist.logText().lines().filter(l -> l.contains("Webhook delivery for instance " + HOOKS) && l.contains("rejected")).count();
    }

    private static List<JsonNode> webhookRuns() throws Exception {
        return api.runs(HOOKS).stream().filter(r -> r.path("mode").asText().equals("webhook")).toList();
    }

    private static void assertHealthy() throws Exception {
        HttpResponse<String> health = host.dist.get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asText()).as(health.body()).isEqualTo("UP");
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
