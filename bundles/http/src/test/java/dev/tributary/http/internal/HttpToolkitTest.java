package dev.tributary.http.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tributary.api.http.ClientSettings;
import dev.tributary.api.http.Credentials;
import dev.tributary.api.http.HttpClients.ClientMetrics;
import dev.tributary.api.http.HttpFailure;
import dev.tributary.api.http.HttpFailure.Kind;
import dev.tributary.api.http.Request;
import dev.tributary.api.http.Response;
import dev.tributary.api.http.SourceClient;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The toolkit's rules against WireMock's faults and the answers sources really give. */
class HttpToolkitTest {

    private WireMockServer server;
    private HttpToolkit toolkit;

    @BeforeEach
    void start() {
        // no gzip by WireMock itself: it would hold a dribbled body back; gzip is tested with a body sent compressed
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true));
        server.start();
        toolkit = new HttpToolkit(Clock.systemUTC(), 10, Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private URI uri(String path) {
        return URI.create(server.baseUrl() + path);
    }

    /** Fast retries, so tests do not wait for production backoffs. */
    private ClientSettings settings(String instance, Credentials credentials) {
        return ClientSettings.defaults(instance, credentials, LoggerFactory.getLogger("test." + instance))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50));
    }

    private SourceClient client() {
        return toolkit.client(settings("wiki", Credentials.none("test")));
    }

    private static List<Instant> times(List<LoggedRequest> requests) {
        List<Instant> out = new ArrayList<>();
        requests.forEach(r -> out.add(r.getLoggedDate().toInstant()));
        out.sort(null);
        return out;
    }

    @Test
    void aBurstOf503IsRetriedWithBackoffUntilItSucceeds() throws Exception {
        server.stubFor(get("/items").inScenario("burst").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
                .willSetStateTo("2"));
        server.stubFor(get("/items").inScenario("burst").whenScenarioStateIs("2").willReturn(aResponse().withStatus(502)).willSetStateTo("3"));
        server.stubFor(get("/items").inScenario("burst").whenScenarioStateIs("3").willReturn(ok("[1,2]")));

        Response r = client().send(Request.get(uri("/items")));

        assertThat(r.text()).isEqualTo("[1,2]");
        assertThat(toolkit.metrics("wiki")).get().extracting(ClientMetrics::requests, ClientMetrics::retries, ClientMetrics::failures,
                ClientMetrics::circuits).containsExactly(3L, 2L, 0L, java.util.Map.of("localhost", "CLOSED"));
        assertThat(toolkit.metrics("other")).isEmpty();
    }

    @Test
    void resetsMalformedChunksAndSlowBodiesAreTransientAndGivenUpAfterTheRetries() throws Exception {
        server.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        server.stubFor(get("/chunk").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        // 4 chunks over 4 s: each gap (1 s) is longer than the read timeout (0.5 s)
        server.stubFor(get("/slow").willReturn(ok("x".repeat(4000)).withChunkedDribbleDelay(4, 4000)));

        for (String path : List.of("/reset", "/chunk", "/slow")) {
            toolkit = new HttpToolkit(Clock.systemUTC(), 10, Duration.ofSeconds(30)); // a closed circuit for each
            assertThatThrownBy(() -> client().send(Request.get(uri(path)))).as(path).isInstanceOfSatisfying(HttpFailure.class, f -> {
                assertThat(f.kind()).isEqualTo(Kind.TRANSIENT);
                assertThat(f.getMessage()).contains("GET " + uri(path), "after 3 retries");
            });
            server.verify(4, getRequestedFor(urlPathEqualTo(path)));
        }
    }

    @Test
    void aResetOnceIsRetriedAndSucceeds() throws Exception {
        server.stubFor(get("/once").inScenario("r").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
        server.stubFor(get("/once").inScenario("r").whenScenarioStateIs("ok").willReturn(ok("fine")));

        assertThat(client().send(Request.get(uri("/once"))).text()).isEqualTo("fine");
    }

    @Test
    void aBodyThatKeepsComingWithinTheReadTimeoutIsNotCutOff() throws Exception {
        // 10 chunks over 1.5 s: longer than the read timeout in total, but no gap reaches it
        server.stubFor(get("/steady").willReturn(ok("y".repeat(10_000)).withChunkedDribbleDelay(10, 1500)));

        assertThat(client().send(Request.get(uri("/steady"))).text()).hasSize(10_000);
    }

    @Test
    void retryAfterIsHonouredAndHoldsBackEveryClientOfTheSameCredential() throws Exception {
        server.stubFor(get("/limited").inScenario("l").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("ok"));
        server.stubFor(get("/limited").inScenario("l").whenScenarioStateIs("ok").willReturn(ok("done")));
        server.stubFor(get("/other").willReturn(ok("other")));
        Credentials shared = Credentials.token("Bearer", "pat-1".toCharArray());
        SourceClient first = toolkit.client(settings("a", shared));
        SourceClient second = toolkit.client(settings("b", Credentials.token("Bearer", "pat-1".toCharArray())));

        assertThat(first.send(Request.get(uri("/limited"))).text()).isEqualTo("done");
        Instant limitedAt = server.findAll(getRequestedFor(urlPathEqualTo("/limited"))).stream()
                .map(r -> r.getLoggedDate().toInstant()).min(Instant::compareTo).orElseThrow();
        second.send(Request.get(uri("/other")));

        List<Instant> retried = times(server.findAll(getRequestedFor(urlPathEqualTo("/limited"))));
        assertThat(Duration.between(limitedAt, retried.get(1))).as("not before Retry-After").isGreaterThanOrEqualTo(Duration.ofMillis(950));
        assertThat(toolkit.metrics("a").orElseThrow().rateLimited()).isEqualTo(1);
        assertThat(toolkit.metrics("a").orElseThrow().retries()).as("a rate limit is waited out, not counted as a retry").isZero();
    }

    @Test
    void githubsPrimaryLimitIsA403WithNoneRemainingAndIsWaitedOutUntilTheReset() throws Exception {
        long reset = Instant.now().plusSeconds(2).getEpochSecond();
        server.stubFor(get("/repos").inScenario("p").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(403).withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", Long.toString(reset))
                        .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\"}")).willSetStateTo("ok"));
        server.stubFor(get("/repos").inScenario("p").whenScenarioStateIs("ok").willReturn(ok("[]")));

        // a generous request timeout: a first answer slower than 500 ms (a loaded CI machine) was retried as a timeout,
        // and that retry, not the 403, met the test's "ok"
        toolkit.client(settings("wiki", Credentials.none("test")).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)))
                .send(Request.get(uri("/repos")));

        List<Instant> t = times(server.findAll(getRequestedFor(urlPathEqualTo("/repos"))));
        assertThat(t.get(1)).as("not before the reset time").isAfterOrEqualTo(Instant.ofEpochSecond(reset));
    }

    @Test
    void aResetTimeAlreadyPastIsWaitedWithBackoffNotAskedAgainAtOnce() throws Exception {
        // the source's clock is behind ours: its reset time has passed here, but its limit is still spent
        String past = Long.toString(Instant.now().minusSeconds(3600).getEpochSecond());
        server.stubFor(get("/skewed").inScenario("s").whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", past)).willSetStateTo("2"));
        server.stubFor(get("/skewed").inScenario("s").whenScenarioStateIs("2").willReturn(aResponse().withStatus(403)
                .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", past)).willSetStateTo("ok"));
        server.stubFor(get("/skewed").inScenario("s").whenScenarioStateIs("ok").willReturn(ok("fine")));

        assertThat(client().send(Request.get(uri("/skewed"))).text()).isEqualTo("fine");
        server.verify(3, getRequestedFor(urlPathEqualTo("/skewed")));
        assertThat(toolkit.metrics("wiki").orElseThrow().rateLimited()).isEqualTo(2);
    }

    @Test
    void aRateLimitLongerThanTheInstanceWaitsFailsAsRateLimitedWithTheTime() {
        server.stubFor(get("/x").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7200")));
        SourceClient c = toolkit.client(settings("wiki", Credentials.none("t")).withRateLimit(0, Duration.ofMinutes(5)));

        assertThatThrownBy(() -> c.send(Request.get(uri("/x")))).isInstanceOfSatisfying(HttpFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.RATE_LIMITED);
            assertThat(f.retryAt()).hasValueSatisfying(at -> assertThat(at).isAfter(Instant.now().plusSeconds(7000)));
            assertThat(f.isTransient()).isTrue();
        });
    }

    @Test
    void theCredentialsOwnRateIsOneBucketSharedByEveryClientUsingIt() throws Exception {
        server.stubFor(get("/r").willReturn(ok("r")));
        Credentials shared = Credentials.token("Bearer", "pat-2".toCharArray());
        SourceClient a = toolkit.client(settings("a", shared).withRateLimit(5, Duration.ofMinutes(1)));
        SourceClient b = toolkit.client(settings("b", Credentials.token("Bearer", "pat-2".toCharArray())).withRateLimit(5, Duration.ofMinutes(1)));

        for (int i = 0; i < 8; i++) {
            (i % 2 == 0 ? a : b).send(Request.get(uri("/r")));
        }
        // a bucket of 5 per second: the first 5 at once, the other 3 only after it refilled
        List<Instant> t = times(server.findAll(getRequestedFor(urlPathEqualTo("/r"))));
        assertThat(Duration.between(t.get(0), t.get(7))).as("8 requests at 5 per second, whichever instance sends them")
                .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void permanentErrorsAreNeverRetriedAndSayWhatToDo() {
        server.stubFor(get("/404").willReturn(aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}")));
        server.stubFor(get("/422").willReturn(aResponse().withStatus(422).withBody("{\"message\":\"Validation Failed\"}")));
        server.stubFor(get("/400").willReturn(aResponse().withStatus(400)));
        server.stubFor(get("/403").willReturn(aResponse().withStatus(403).withBody("{\"message\":\"Resource not accessible by integration\"}")));
        server.stubFor(get("/410").willReturn(aResponse().withStatus(410)));

        assertFails("/404", Kind.NOT_FOUND, "Not Found");
        assertFails("/422", Kind.REJECTED, "Validation Failed");
        assertFails("/400", Kind.REJECTED, "repeating it will not help");
        assertFails("/403", Kind.FORBIDDEN, "grant it access");
        assertFails("/410", Kind.GONE, "deleted at the source");
        assertThat(toolkit.metrics("wiki").orElseThrow().retries()).isZero();
    }

    private void assertFails(String path, Kind kind, String message) {
        assertThatThrownBy(() -> client().send(Request.get(uri(path)))).as(path).isInstanceOfSatisfying(HttpFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(kind);
            assertThat(f.getMessage()).contains(message);
            assertThat(f.isTransient()).isFalse();
        });
        server.verify(1, getRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void a401IsTriedOnceMoreAfterARefreshAndThenFails() {
        server.stubFor(get("/me").willReturn(aResponse().withStatus(401)));
        AtomicInteger refreshes = new AtomicInteger();
        Credentials refreshing = new Credentials() {
            @Override
            public Request authenticate(Request request) {
                return request.withHeader("Authorization", "Bearer t" + refreshes.get());
            }

            @Override
            public boolean refresh() {
                refreshes.incrementAndGet();
                return true;
            }

            @Override
            public String rateLimitKey() {
                return "oauth";
            }
        };

        assertThatThrownBy(() -> toolkit.client(settings("wiki", refreshing)).send(Request.get(uri("/me"))))
                .isInstanceOfSatisfying(HttpFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.UNAUTHORIZED);
                    assertThat(f.getMessage()).contains("re-authorize");
                });
        assertThat(refreshes).hasValue(1);
        server.verify(1, getRequestedFor(urlPathEqualTo("/me")).withHeader("Authorization", equalTo("Bearer t0")));
        server.verify(1, getRequestedFor(urlPathEqualTo("/me")).withHeader("Authorization", equalTo("Bearer t1")));
    }

    @Test
    void aHostFailingAgainAndAgainOpensItsCircuitAndIsThenNotAskedAtAll() {
        server.stubFor(get("/down").willReturn(aResponse().withStatus(503)));

        // each request tries 4 times; after 10 failures of 10 (80 % or more of at least 10) the circuit opens
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> client().send(Request.get(uri("/down")))).isInstanceOfSatisfying(HttpFailure.class,
                    f -> assertThat(f.kind()).isEqualTo(Kind.TRANSIENT));
            assertThat(toolkit.circuits()).containsEntry("localhost", "CLOSED");
        }
        assertThatThrownBy(() -> client().send(Request.get(uri("/down")))).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.kind()).isEqualTo(Kind.CIRCUIT_OPEN));
        server.verify(10, getRequestedFor(urlPathEqualTo("/down")));
        assertThat(toolkit.circuits()).containsEntry("localhost", "OPEN");
        assertThat(toolkit.metrics("wiki").orElseThrow().circuits()).as("shown in the instance's status").containsEntry("localhost", "OPEN");

        assertThatThrownBy(() -> client().send(Request.get(uri("/down")))).isInstanceOfSatisfying(HttpFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(Kind.CIRCUIT_OPEN);
            assertThat(f.getMessage()).contains("circuit open");
            assertThat(f.retryAt()).isPresent();
        });
        server.verify(10, getRequestedFor(urlPathEqualTo("/down")));
    }

    @Test
    void aHostLosingAThirdOfItsRequestsKeepsItsCircuitClosed() throws Exception {
        // every third request fails: retried, and never enough to call the host down
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("ok1"));
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs("ok1").willReturn(aResponse().withBody("[]")).willSetStateTo("ok2"));
        server.stubFor(get("/flaky").inScenario("flaky").whenScenarioStateIs("ok2").willReturn(aResponse().withBody("[]"))
                .willSetStateTo(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED));
        for (int i = 0; i < 30; i++) {
            assertThat(client().send(Request.get(uri("/flaky"))).status()).isEqualTo(200);
        }
        assertThat(toolkit.circuits()).containsEntry("localhost", "CLOSED");
    }

    @Test
    void aJsonAnswerCutShortIsAskedForAgain() throws Exception {
        // well framed (its Content-Length matches), but the JSON stops half way: a proxy cut it
        server.stubFor(get("/page").inScenario("cut").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withHeader("Content-Type", "application/json; charset=utf-8").withBody("[{\"id\": 1}, {\"id\""))
                .willSetStateTo("whole"));
        server.stubFor(get("/page").inScenario("cut").whenScenarioStateIs("whole")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("[{\"id\": 1}, {\"id\": 2}]")));

        assertThat(client().send(Request.get(uri("/page"))).text()).isEqualTo("[{\"id\": 1}, {\"id\": 2}]");
        server.verify(2, getRequestedFor(urlPathEqualTo("/page")));
        assertThat(toolkit.metrics("wiki").orElseThrow().retries()).isEqualTo(1);
    }

    @Test
    void conditionalRequestsGet304AndGzipBodiesAreUnpacked() throws Exception {
        server.stubFor(get("/list").atPriority(1).withHeader("If-None-Match", equalTo("\"v1\"")).willReturn(aResponse().withStatus(304)));
        server.stubFor(get("/list").willReturn(aResponse().withHeader("ETag", "\"v1\"").withHeader("Content-Encoding", "gzip")
                .withBody(gzip("[\"zipped\"]"))));

        Response first = client().send(Request.get(uri("/list")));
        Response again = client().send(Request.get(uri("/list")).ifNoneMatch(first.etag().orElseThrow()));

        assertThat(first.text()).isEqualTo("[\"zipped\"]");
        assertThat(again.notModified()).isTrue();
        server.verify(2, getRequestedFor(urlPathEqualTo("/list")).withHeader("Accept-Encoding", equalTo("gzip")));
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void linkHeaderCursorAndOffsetPagingVisitEveryPage() throws Exception {
        server.stubFor(get(urlPathEqualTo("/issues")).withQueryParam("page", equalTo("2")).willReturn(ok("b")));
        server.stubFor(get(urlPathEqualTo("/issues")).withQueryParam("per_page", equalTo("2")).willReturn(ok("a")
                .withHeader("Link", "<" + server.baseUrl() + "/issues?page=2>; rel=\"next\", <" + server.baseUrl() + "/issues?page=2>; rel=\"last\"")));
        List<String> pages = new ArrayList<>();
        client().linkPages(Request.get(uri("/issues?per_page=2"))).forEach(p -> pages.add(p.text()));
        assertThat(pages).containsExactly("a", "b");

        server.stubFor(get(urlPathEqualTo("/c")).withQueryParam("cursor", equalTo("n2")).willReturn(ok("")));
        server.stubFor(get(urlPathEqualTo("/c")).withQueryParam("cursor", equalTo("n1")).willReturn(ok("n2")));
        server.stubFor(get(urlPathEqualTo("/c")).atPriority(10).willReturn(ok("n1")));
        List<String> cursors = new ArrayList<>();
        client().cursorPages(Request.get(uri("/c?limit=5")), "cursor", p -> java.util.Optional.of(p.text())).forEach(p -> cursors.add(p.text()));
        assertThat(cursors).containsExactly("n1", "n2", "");

        server.stubFor(get(urlPathEqualTo("/o")).withQueryParam("start", equalTo("0")).willReturn(ok("2")));
        server.stubFor(get(urlPathEqualTo("/o")).withQueryParam("start", equalTo("2")).willReturn(ok("2")));
        server.stubFor(get(urlPathEqualTo("/o")).withQueryParam("start", equalTo("4")).willReturn(ok("1")));
        List<String> offsets = new ArrayList<>();
        client().offsetPages(Request.get(uri("/o")), "start", 2, p -> Integer.parseInt(p.text())).forEach(p -> offsets.add(p.text()));
        assertThat(offsets).containsExactly("2", "2", "1");
    }

    @Test
    void aNotModifiedToARequestThatAskedNothingConditionallyFails() throws Exception {
        server.stubFor(get("/list").willReturn(aResponse().withStatus(304)));

        assertThatThrownBy(() -> client().send(Request.get(uri("/list")))).as("an unchanged answer would pass for an empty list")
                .isInstanceOfSatisfying(HttpFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(Kind.REJECTED);
                    assertThat(f.getMessage()).contains("GET " + server.baseUrl() + "/list", "304", "asked nothing conditionally");
                });
        assertThat(client().send(Request.get(uri("/list")).ifNoneMatch("\"v1\"")).notModified()).isTrue();
    }

    @Test
    void aLinkThatLoopsLeadsElsewhereOrIsNoUriFailsThePaging() {
        Credentials pat = Credentials.token("Bearer", "ghp_staysHere".toCharArray());
        SourceClient c = toolkit.client(settings("wiki", pat));
        server.stubFor(get(urlPathEqualTo("/loop")).willReturn(ok("[]").withHeader("Link", "<" + server.baseUrl() + "/loop?page=1>; rel=\"next\"")));
        server.stubFor(get(urlPathEqualTo("/away")).willReturn(ok("[]").withHeader("Link", "<http://127.0.0.2:" + server.port()
                + "/away?page=2>; rel=\"next\"")));
        server.stubFor(get(urlPathEqualTo("/broken")).willReturn(ok("[]").withHeader("Link", "<http://[::1:bad>; rel=\"next\"")));

        assertThatThrownBy(() -> c.linkPages(Request.get(uri("/loop"))).forEach(p -> {})).isInstanceOfSatisfying(SourceClient.PagingException.class,
                e -> assertThat(e.getCause().getMessage()).contains("/loop?page=1", "a page asked before"));
        server.verify(2, getRequestedFor(urlPathEqualTo("/loop")));
        server.stubFor(get(urlPathEqualTo("/here")).willReturn(ok("[]").withHeader("Link", "<>; rel=\"next\"")));
        assertThatThrownBy(() -> c.linkPages(Request.get(uri("/here?page=1"))).forEach(p -> {})).as("an empty link is the page itself")
                .isInstanceOfSatisfying(SourceClient.PagingException.class, e -> assertThat(e.getCause().getMessage()).contains("a page asked before"));

        assertThatThrownBy(() -> c.linkPages(Request.get(uri("/away"))).forEach(p -> {})).isInstanceOfSatisfying(SourceClient.PagingException.class,
                e -> assertThat(e.getCause().getMessage()).contains("/away", "another host (http://127.0.0.2:" + server.port() + ")")
                        .doesNotContain("ghp_staysHere"));

        assertThatThrownBy(() -> c.linkPages(Request.get(uri("/broken"))).forEach(p -> {}))
                .isInstanceOfSatisfying(SourceClient.PagingException.class, e -> assertThat(e.getCause().getMessage()).contains("/broken", "no URI"));
    }

    @Test
    void secretsNeverShowInFailuresRequestsOrCredentials() {
        server.stubFor(get(urlPathEqualTo("/q")).willReturn(aResponse().withStatus(404)));
        Credentials pat = Credentials.token("Bearer", "ghp_secret123".toCharArray());
        Request request = Request.get(uri("/q?access_token=tok456&page=2&client_secret=cs789"));

        assertThatThrownBy(() -> toolkit.client(settings("wiki", pat)).send(request)).isInstanceOfSatisfying(HttpFailure.class, f ->
                assertThat(f.getMessage()).contains("access_token=***", "page=2", "client_secret=***")
                        .doesNotContain("tok456", "cs789", "ghp_secret123"));
        assertThat(pat.authenticate(request).toString()).doesNotContain("tok456", "ghp_secret123");
        assertThat(pat.toString()).doesNotContain("ghp_secret123");
        assertThat(pat.rateLimitKey()).doesNotContain("ghp_secret123");
    }

    @Test
    void aCancelledRunStopsWaitingForARateLimit() {
        server.stubFor(get("/wait").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "600")));
        AtomicInteger calls = new AtomicInteger();
        SourceClient c = toolkit.client(settings("wiki", Credentials.none("w")).withCancellation(() -> calls.incrementAndGet() > 3));

        assertThatThrownBy(() -> c.send(Request.get(uri("/wait")))).isInstanceOfSatisfying(HttpFailure.class,
                f -> assertThat(f.kind()).isEqualTo(Kind.CANCELLED));
    }
}
